/**
 * Gambit's strategic-game file format (.nfg), both versions, after Gambit's published
 * specification ("The strategic game (.nfg) file format, payoff version" and "..., outcome
 * version", gambit-project.org documentation) and the tokenizer of Gambit's reader
 * (src/games/file.cc):
 *
 *   NFG 1 R "title" { "P1" "P2" }                     prologue: version 1, R (D also read)
 *   { { "s1" "s2" } { "t1" "t2" } }  or  { 2 2 }       strategy names, or counts (names "1".."k")
 *   "comment"                                         optional
 *   payoff version:  u1 u2  u1 u2 ...                 every profile, all players' payoffs
 *   outcome version: { { "name" u1, u2 } ... }        outcomes (commas optional), numbered from 1
 *                    1 2 0 ...                        an outcome per profile; 0 = all-zero payoffs
 *
 * Profiles are listed with the first player's strategy changing fastest, the layout of
 * NormalFormGame.payoffs. Whitespace is insignificant except inside quotes. Numbers: integers,
 * decimals (".5", "1.", "1e-3") and rationals ("3/2", "-7/4").
 *
 * Strings: Gambit writes a quote inside a label as \" and leaves backslashes alone. We read \" as
 * a quote, \\ as one backslash, and keep any other backslash pair as written; we write a
 * backslash doubled only where it precedes another backslash, a quote or the closing quote. So
 * every label round-trips here, and labels Gambit itself can round-trip read the same in both.
 */

import { createGame, type NormalFormGame, profileCount } from './normalForm.js';

export class NfgParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`nfg line ${line}, column ${column}: ${message}`);
    this.name = 'NfgParseError';
  }
}

type TokenKind = 'lbrace' | 'rbrace' | 'comma' | 'text' | 'number' | 'symbol' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const RATIONAL = /^([+-]?\d+)\/(\d+)$/;

/** A number token's value: integer, decimal or rational p/q. Throws a plain Error when malformed. */
export function parseNfgNumber(text: string): number {
  const r = RATIONAL.exec(text);
  if (r) {
    const den = Number(r[2]);
    if (den === 0) throw new Error(`zero denominator in ${text}`);
    return Number(r[1]) / den;
  }
  if (DECIMAL.test(text)) {
    const v = Number(text);
    if (Number.isFinite(v)) return v;
  }
  throw new Error(`not a number: '${text}'`);
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'lbrace':
      return "'{'";
    case 'rbrace':
      return "'}'";
    case 'comma':
      return "','";
    case 'text':
      return `string "${t.text.length > 40 ? t.text.slice(0, 40) + '...' : t.text}"`;
    default:
      return `'${t.text.length > 40 ? t.text.slice(0, 40) + '...' : t.text}'`;
  }
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

/** Splits .nfg text into tokens with their line and column (both from 1). */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (): string => {
    const c = text[i++]!;
    if (c === '\n') {
      line++;
      col = 1;
    } else col++;
    return c;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      advance();
      continue;
    }
    const startLine = line;
    const startCol = col;
    if (c === '{' || c === '}' || c === ',') {
      advance();
      out.push({ kind: c === '{' ? 'lbrace' : c === '}' ? 'rbrace' : 'comma', text: c, line: startLine, column: startCol });
      continue;
    }
    if (c === '"') {
      advance();
      let s = '';
      for (;;) {
        if (i >= text.length) throw new NfgParseError('end of file inside a quoted string', startLine, startCol);
        const a = advance();
        if (a === '"') break;
        if (a === '\\' && i < text.length) {
          const b = text[i]!;
          if (b === '"' || b === '\\') {
            advance();
            s += b;
            continue;
          }
        }
        s += a;
      }
      out.push({ kind: 'text', text: s, line: startLine, column: startCol });
      continue;
    }
    let s = '';
    while (i < text.length) {
      const a = text[i]!;
      if (isSpace(a) || a === '{' || a === '}' || a === ',' || a === '"') break;
      s += advance();
    }
    const kind: TokenKind = /^[0-9+\-.]/.test(s) ? 'number' : 'symbol';
    out.push({ kind, text: s, line: startLine, column: startCol });
  }
  out.push({ kind: 'eof', text: '', line, column: col });
  return out;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos]!;
  }

  next(): Token {
    const t = this.tokens[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  fail(t: Token, message: string): never {
    throw new NfgParseError(`${message}, found ${describe(t)}`, t.line, t.column);
  }

  expect(kind: TokenKind, what: string): Token {
    const t = this.next();
    if (t.kind !== kind) this.fail(t, `expected ${what}`);
    return t;
  }

  number(what: string): number {
    const t = this.next();
    if (t.kind !== 'number') this.fail(t, `expected ${what}`);
    try {
      return parseNfgNumber(t.text);
    } catch (e) {
      throw new NfgParseError(`${what}: ${(e as Error).message}`, t.line, t.column);
    }
  }

  integer(what: string, min: number, max: number): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\+?\d+$/.test(t.text)) this.fail(t, `expected ${what} (an integer)`);
    const v = Number(t.text);
    if (v < min || v > max) throw new NfgParseError(`${what} must be from ${min} to ${max}, got ${t.text}`, t.line, t.column);
    return v;
  }
}

/** Which of Gambit's two .nfg versions a file uses. */
export type NfgVersion = 'payoff' | 'outcome';

export interface NfgRead {
  readonly game: NormalFormGame;
  readonly version: NfgVersion;
  /** Outcome names in the outcome version (outcome k is outcomeNames[k - 1]); empty otherwise. */
  readonly outcomeNames: readonly string[];
}

/** Reads a game in either .nfg version. Throws NfgParseError naming the line and token at fault. */
export function readNfg(text: string): NormalFormGame {
  return readNfgDetailed(text).game;
}

export function readNfgDetailed(text: string): NfgRead {
  const p: Parser = new Parser(tokenize(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  const head = p.next();
  if (head.kind !== 'symbol' || head.text !== 'NFG') p.fail(head, "expected the file type 'NFG'");
  const version = p.next();
  if (version.kind !== 'number' || version.text !== '1') p.fail(version, "expected version '1'");
  const type = p.next();
  if (type.kind !== 'symbol' || (type.text !== 'R' && type.text !== 'D')) p.fail(type, "expected data type 'R'");
  const title = p.expect('text', 'the game title (a quoted string)').text;

  p.expect('lbrace', "'{' opening the player list");
  const players: string[] = [];
  while (p.peek().kind === 'text') players.push(p.next().text);
  p.expect('rbrace', "a quoted player name or '}' closing the player list");
  if (players.length === 0) p.fail(p.peek(), 'a game needs at least one player; the player list is empty before this');

  p.expect('lbrace', "'{' opening the strategy list");
  const strategies: string[][] = [];
  if (p.peek().kind === 'lbrace') {
    for (let i = 0; i < players.length; i++) {
      p.expect('lbrace', `'{' opening the strategies of player ${i + 1} (${players[i]})`);
      const names: string[] = [];
      while (p.peek().kind === 'text') names.push(p.next().text);
      const close = p.expect('rbrace', `a quoted strategy name or '}' closing the strategies of player ${i + 1}`);
      if (names.length === 0) throw new NfgParseError(`player ${i + 1} (${players[i]}) has no strategies`, close.line, close.column);
      strategies.push(names);
    }
  } else {
    for (let i = 0; i < players.length; i++) {
      const k = p.integer(`the number of strategies of player ${i + 1} (${players[i]})`, 1, 1e6);
      strategies.push(Array.from({ length: k }, (_, j) => String(j + 1)));
    }
  }
  p.expect('rbrace', `'}' closing the strategy list (${players.length} players)`);

  let comment = '';
  if (p.peek().kind === 'text') comment = p.next().text;

  const n = players.length;
  const profiles = strategies.reduce((a, s) => a * s.length, 1);
  if (profiles * n > 1e8) p.fail(p.peek(), `game too large (${profiles} profiles)`);
  const payoffs = new Float64Array(profiles * n);
  const start = p.peek();
  let fileVersion: NfgVersion;
  const outcomeNames: string[] = [];
  if (start.kind === 'lbrace') {
    fileVersion = 'outcome';
    p.next();
    const outcomes: number[][] = [];
    while (p.peek().kind === 'lbrace') {
      p.next();
      const k = outcomes.length + 1;
      outcomeNames.push(p.expect('text', `the name of outcome ${k} (a quoted string)`).text);
      const u: number[] = [];
      for (let i = 0; i < n; i++) {
        u.push(p.number(`payoff of player ${i + 1} in outcome ${k}`));
        if (p.peek().kind === 'comma') p.next();
      }
      p.expect('rbrace', `'}' closing outcome ${k} (${n} payoffs)`);
      outcomes.push(u);
    }
    p.expect('rbrace', "'{' opening an outcome or '}' closing the outcome list");
    for (let q = 0; q < profiles; q++) {
      const o = p.integer(`the outcome of profile ${q + 1} of ${profiles}`, 0, outcomes.length);
      if (o > 0) payoffs.set(outcomes[o - 1]!, q * n);
    }
  } else if (start.kind === 'number') {
    fileVersion = 'payoff';
    for (let k = 0; k < payoffs.length; k++) {
      payoffs[k] = p.number(`payoff ${k + 1} of ${payoffs.length} (profile ${Math.floor(k / n) + 1}, player ${(k % n) + 1})`);
    }
  } else {
    p.fail(start, "expected the payoff list (numbers) or the outcome list ('{')");
  }
  const end = p.next();
  if (end.kind !== 'eof') p.fail(end, `expected end of file after ${profiles} profiles`);
  return { game: createGame({ title, comment, players, strategies, payoffs }), version: fileVersion, outcomeNames };
}

/** Quotes a label for an .nfg file (see the note on backslashes at the top of this file). */
export function quoteNfg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') out += '\\"';
    else if (c === '\\') {
      const next = s[i + 1];
      out += next === undefined || next === '\\' || next === '"' ? '\\\\' : '\\';
    } else out += c;
  }
  return out + '"';
}

/** A payoff as written: the shortest decimal that reads back as the same double ("0" for -0). */
export function formatNfgNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write a non-finite payoff (${x}) to an .nfg file`);
  return x === 0 ? '0' : String(x);
}

export interface WriteNfgOptions {
  /**
   * 'payoff' (default): every profile's payoffs, one profile a line. 'outcome': one outcome per
   * distinct payoff vector (numbered in order of first appearance, named "") and an outcome
   * index per profile, with all-zero vectors written as the null outcome 0.
   */
  readonly version?: NfgVersion;
}

/** Writes a game in Gambit's .nfg format with strategy names, laid out as Gambit writes it. */
export function writeNfg(game: NormalFormGame, opts: WriteNfgOptions = {}): string {
  const n = game.players.length;
  const lines: string[] = [];
  lines.push(`NFG 1 R ${quoteNfg(game.title)} { ${game.players.map(quoteNfg).join(' ')} }`);
  lines.push('');
  const strategyLists = game.strategies.map((s) => `{ ${s.map(quoteNfg).join(' ')} }`);
  lines.push(`{ ${strategyLists.join('\n')}`);
  lines.push('}');
  lines.push(quoteNfg(game.comment));
  lines.push('');
  const total = profileCount(game);
  const row = (q: number): string[] => {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(formatNfgNumber(game.payoffs[q * n + i]!));
    return parts;
  };
  if ((opts.version ?? 'payoff') === 'payoff') {
    for (let q = 0; q < total; q++) lines.push(row(q).join(' '));
  } else {
    const index = new Map<string, number>();
    const outcomes: string[] = [];
    const assignment: number[] = [];
    for (let q = 0; q < total; q++) {
      const parts = row(q);
      if (parts.every((x) => x === '0')) {
        assignment.push(0);
        continue;
      }
      const key = parts.join(' ');
      let o = index.get(key);
      if (o === undefined) {
        outcomes.push(`{ "" ${parts.join(', ')} }`);
        o = outcomes.length;
        index.set(key, o);
      }
      assignment.push(o);
    }
    lines.push('{');
    lines.push(...outcomes);
    lines.push('}');
    // Gambit puts the whole index list on one line; wrap every 20 for readable diffs.
    for (let q = 0; q < assignment.length; q += 20) lines.push(assignment.slice(q, q + 20).join(' '));
  }
  return lines.join('\n') + '\n';
}
