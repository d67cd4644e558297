import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NfgParseError, parseNfgNumber, quoteNfg, readNfg, readNfgDetailed, writeNfg } from '../../src/runner/game/nfg.js';
import { createGame, type NormalFormGame } from '../../src/runner/game/normalForm.js';
import { battleOfTheSexes, prisonersDilemma } from './games.js';

// Gambit's e02.nfg as printed in the payoff-version section of Gambit's file-format documentation
// (strategy counts instead of names).
const E02_PAYOFF = `NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
`;

// The same game in the outcome version, as printed in the outcome-version section.
const E02_OUTCOME = `NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
`;

// Payoff version with strategy names and a comment, in the layout Gambit writes.
const PD_NAMED = `NFG 1 R "Prisoner's dilemma" { "Row" "Column" }

{ { "cooperate" "defect" }
{ "cooperate" "defect" }
}
"classic payoffs: T=5 > R=3 > P=1 > S=0"

3 3
5 0
0 5
1 1
`;

function plain(g: NormalFormGame) {
  return { ...g, payoffs: Array.from(g.payoffs, (x) => (x === 0 ? 0 : x)) };
}

describe('reading .nfg files', () => {
  it("reads Gambit's e02 example in the payoff version with strategy counts", () => {
    const r = readNfgDetailed(E02_PAYOFF);
    expect(r.version).toBe('payoff');
    const g = r.game;
    expect(g.title).toBe('Selten (IJGT, 75), Figure 2, normal form');
    expect(g.players).toEqual(['Player 1', 'Player 2']);
    expect(g.strategies).toEqual([['1', '2', '3'], ['1', '2']]);
    expect(Array.from(g.payoffs)).toEqual([1, 1, 0, 2, 0, 2, 1, 1, 0, 3, 2, 0]);
  });

  it("reads Gambit's e02 example in the outcome version to the same game", () => {
    const r = readNfgDetailed(E02_OUTCOME);
    expect(r.version).toBe('outcome');
    expect(r.outcomeNames).toEqual(['', '', '', '', '', '']);
    expect(plain(r.game)).toEqual(plain(readNfg(E02_PAYOFF)));
  });

  it('reads the payoff version with strategy names and a comment (first player fastest)', () => {
    const g = readNfg(PD_NAMED);
    expect(g.comment).toBe('classic payoffs: T=5 > R=3 > P=1 > S=0');
    expect(plain(g)).toEqual(plain({ ...prisonersDilemma(), comment: g.comment, players: ['Row', 'Column'] }));
  });

  it('maps outcome 0 to all-zero payoffs and shares outcomes between profiles', () => {
    const text = `NFG 1 R "" { "A" "B" } { { "x" "y" } { "u" "v" } }
{ { "win A" 2, -1 } { "win B" -1 2 } }
1 0 0 2`;
    expect(Array.from(readNfg(text).payoffs)).toEqual([2, -1, 0, 0, 0, 0, -1, 2]);
  });

  it('parses integers, decimals, exponents and rationals', () => {
    expect(parseNfgNumber('3')).toBe(3);
    expect(parseNfgNumber('-7')).toBe(-7);
    expect(parseNfgNumber('+2')).toBe(2);
    expect(parseNfgNumber('.80')).toBe(0.8);
    expect(parseNfgNumber('1.')).toBe(1);
    expect(parseNfgNumber('-.5')).toBe(-0.5);
    expect(parseNfgNumber('1.5e3')).toBe(1500);
    expect(parseNfgNumber('2E-2')).toBe(0.02);
    expect(parseNfgNumber('3/2')).toBe(1.5);
    expect(parseNfgNumber('-7/4')).toBe(-1.75);
    for (const bad of ['1/0', '1.2.3', '--1', '3/', 'e5', '1e', '0x10', '+', '.']) expect(() => parseNfgNumber(bad)).toThrow();
    const g = readNfg(`NFG 1 R "" { "a" "b" } { 1 2 } 1/3 -2/3 .25 1e1`);
    expect(Array.from(g.payoffs)).toEqual([1 / 3, -2 / 3, 0.25, 10]);
  });

  it('reads quoted labels with escaped quotes, backslashes, newlines and braces', () => {
    const g = readNfg(`NFG 1 R "say \\"hi\\"" { "a\\\\b" "c:\\dir" } { { "{x}" "y,z" } { "multi
line" } } 5 6 7 8`);
    expect(g.title).toBe('say "hi"');
    expect(g.players).toEqual(['a\\b', 'c:\\dir']);
    expect(g.strategies).toEqual([['{x}', 'y,z'], ['multi\nline']]);
  });

  it('accepts the D data type and a missing comment', () => {
    expect(readNfg(`NFG 1 D "" { "a" } { 2 } 1 2`).strategies).toEqual([['1', '2']]);
  });
});

describe('malformed .nfg files throw errors naming the line and the token', () => {
  const cases: [string, string, RegExp][] = [
    ['wrong file type', `EFG 2 R "" { "a" } { 1 } 1`, /line 1, column 1: expected the file type 'NFG', found 'EFG'/],
    ['wrong version', `NFG 2 R "" { "a" } { 1 } 1`, /line 1, column 5: expected version '1', found '2'/],
    ['title missing', `NFG 1 R { "a" } { 1 } 1`, /line 1, column 9: expected the game title.*found '\{'/],
    ['strategy list for too few players', `NFG 1 R "" { "a" "b" }\n{ { "x" } }\n1 2`, /line 2, column 11: expected '\{' opening the strategies of player 2 \(b\), found '\}'/],
    ['bad strategy count', `NFG 1 R "" { "a" } { 0 } 1`, /line 1, column 22: the number of strategies of player 1 \(a\) must be from 1/],
    ['bad number', `NFG 1 R "" { "a" "b" } { 1 2 }\n1 2\n3 4.5.6`, /line 3, column 3: payoff 4 of 4 \(profile 2, player 2\): not a number: '4\.5\.6'/],
    ['too few payoffs', `NFG 1 R "" { "a" "b" } { 1 2 }\n1 2\n3`, /line 3, column 2: expected payoff 4 of 4 \(profile 2, player 2\), found end of file/],
    ['too many payoffs', `NFG 1 R "" { "a" } { 2 }\n1 2 3`, /line 2, column 5: expected end of file after 2 profiles, found '3'/],
    ['outcome index out of range', `NFG 1 R "" { "a" } { { "x" "y" } }\n{ { "o" 1 } }\n1 2`, /line 3, column 3: the outcome of profile 2 of 2 must be from 0 to 1, got 2/],
    ['outcome with too few payoffs', `NFG 1 R "" { "a" "b" } { { "x" } { "y" } }\n{ { "o" 1 } }\n1`, /line 2, column 11: expected payoff of player 2 in outcome 1, found '\}'/],
    ['unterminated string', `NFG 1 R "" { "a" } { 1 }\n"oops\n1`, /line 2, column 1: end of file inside a quoted string/],
    ['empty player list', `NFG 1 R "" { } { } `, /a game needs at least one player/],
    ['payoff list missing', `NFG 1 R "" { "a" } { 1 } "c" "d"`, /line 1, column 30: expected the payoff list .* found string "d"/],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        readNfg(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NfgParseError);
      expect((err as Error).message).toMatch(message);
    });
  }
});

describe('writing .nfg files', () => {
  it('writes the payoff version in the layout Gambit writes', () => {
    expect(writeNfg({ ...prisonersDilemma(), players: ['Row', 'Column'], comment: 'classic payoffs: T=5 > R=3 > P=1 > S=0' })).toBe(PD_NAMED);
  });

  it('writes the outcome version with shared outcomes and the null outcome for zero payoffs', () => {
    const text = writeNfg(battleOfTheSexes(), { version: 'outcome' });
    expect(text).toBe(`NFG 1 R "" { "Row" "Column" }

{ { "opera" "football" }
{ "opera" "football" }
}
""

{
{ "" 2, 1 }
{ "" 1, 2 }
}
1 0 0 2
`);
    expect(plain(readNfg(text))).toEqual(plain(battleOfTheSexes()));
  });

  it('quotes labels so that they read back unchanged', () => {
    expect(quoteNfg('plain')).toBe('"plain"');
    expect(quoteNfg('a"b')).toBe('"a\\"b"');
    expect(quoteNfg('c:\\dir')).toBe('"c:\\dir"'); // a lone backslash stays as Gambit writes it
    expect(quoteNfg('ends\\')).toBe('"ends\\\\"');
    expect(quoteNfg('\\"')).toBe('"\\\\\\""');
  });

  it('refuses non-finite payoffs', () => {
    const g = createGame({ players: ['a'], strategies: [['x']] });
    g.payoffs[0] = NaN;
    expect(() => writeNfg(g)).toThrow(/non-finite/);
  });
});

const label = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ maxLength: 6, unit: fc.constantFrom('a', '"', '\\', ' ', '\n', '{', '}', ',', '1', '-') }));
const payoff = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -10, max: 10, noNaN: true }),
);
const arbGame = fc
  .record({
    players: fc.array(label, { minLength: 1, maxLength: 4 }),
    title: label,
    comment: label,
  })
  .chain(({ players, title, comment }) =>
    fc.array(fc.array(label, { minLength: 1, maxLength: 3 }), { minLength: players.length, maxLength: players.length }).chain((strategies) => {
      const size = strategies.reduce((a, s) => a * s.length, 1) * players.length;
      return fc.array(payoff, { minLength: size, maxLength: size }).map((payoffs) => createGame({ title, comment, players, strategies, payoffs }));
    }),
  );

describe('round trips (fast-check over random games)', () => {
  it('write -> read gives the same game, in both versions', () => {
    fc.assert(
      fc.property(arbGame, fc.constantFrom('payoff' as const, 'outcome' as const), (g, version) => {
        expect(plain(readNfg(writeNfg(g, { version })))).toEqual(plain(g));
      }),
      { numRuns: 300 },
    );
  });

  it('read -> write -> read is stable (and writing is a fixed point after one pass)', () => {
    fc.assert(
      fc.property(arbGame, (g) => {
        const once = writeNfg(g);
        const back = readNfg(once);
        expect(writeNfg(back)).toBe(once);
        expect(plain(readNfg(writeNfg(back)))).toEqual(plain(back));
      }),
      { numRuns: 200 },
    );
  });

  it('the hand-written classics survive read -> write -> read', () => {
    for (const text of [E02_PAYOFF, E02_OUTCOME, PD_NAMED]) {
      const g = readNfg(text);
      expect(plain(readNfg(writeNfg(g)))).toEqual(plain(g));
      expect(plain(readNfg(writeNfg(g, { version: 'outcome' })))).toEqual(plain(g));
    }
  });
});
