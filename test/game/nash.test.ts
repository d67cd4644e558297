import { describe, expect, it } from 'vitest';
import { formatCsvNumber, nashCsv } from '../../src/runner/game/nash.js';
import { writeNfg } from '../../src/runner/game/nfg.js';
import { battleOfTheSexes, coordination3 } from './games.js';

describe('formatCsvNumber', () => {
  it('up to 10 significant digits, no exponent for ordinary values, deterministic', () => {
    expect(formatCsvNumber(2 / 3)).toBe('0.6666666667');
    expect(formatCsvNumber(1 / 3)).toBe('0.3333333333');
    expect(formatCsvNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatCsvNumber(1)).toBe('1');
    expect(formatCsvNumber(0)).toBe('0');
    expect(formatCsvNumber(-0)).toBe('0');
    expect(formatCsvNumber(1234567.891234)).toBe('1234567.891');
    expect(formatCsvNumber(123456789012345)).toBe('123456789000000');
    expect(formatCsvNumber(0.000123456789012)).toBe('0.000123456789');
    expect(formatCsvNumber(5.551115123125783e-17)).toBe('5.551115123e-17');
    expect(formatCsvNumber(NaN)).toBe('');
  });
});

describe('nashCsv', () => {
  it('battle of the sexes from an outcome-version file: header and rows (golden)', () => {
    expect(nashCsv(writeNfg(battleOfTheSexes(), { version: 'outcome' }))).toBe(
      [
        'equilibrium,kind,player,strategy,probability,regret,support_stability',
        '1,pure,Row,opera,1,0,',
        '1,pure,Column,opera,1,0,',
        '2,pure,Row,football,1,0,',
        '2,pure,Column,football,1,0,',
        '3,mixed,Row,opera,0.6666666667,0,',
        '3,mixed,Row,football,0.3333333333,0,',
        '3,mixed,Column,opera,0.3333333333,0,',
        '3,mixed,Column,football,0.6666666667,0,',
        '',
      ].join('\n'),
    );
  });

  it("Gambit's e02 in the payoff version (a degenerate game)", () => {
    const csv = nashCsv(`NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
`);
    expect(csv).toBe(
      [
        'equilibrium,kind,player,strategy,probability,regret,support_stability',
        '1,pure,Player 1,1,1,0,',
        '1,pure,Player 2,1,1,0,',
        '2,mixed,Player 1,1,1,0,',
        '2,mixed,Player 2,1,0.5,0,',
        '2,mixed,Player 2,2,0.5,0,',
        '',
      ].join('\n'),
    );
  });

  it('quotes names that need it and handles 3 players', () => {
    const g = coordination3();
    const named = { ...g, players: ['P, one', 'P"2', 'P3'] };
    const csv = nashCsv(writeNfg(named));
    expect(csv.split('\n')[1]).toBe('1,pure,"P, one",A,1,0,');
    expect(csv.split('\n')[2]).toBe('1,pure,"P""2",A,1,0,');
    expect(csv.split('\n').filter((l) => l.startsWith('3,mixed'))).toHaveLength(6);
  });

  it('a malformed file throws the parse error', () => {
    expect(() => nashCsv('NFG 1 R "x" { "a" } { 2 } 1')).toThrow(/line 1, column 28: expected payoff 2 of 2 \(profile 2, player 1\), found end of file/);
  });

  it('a 1-player game: its best strategy', () => {
    expect(nashCsv('NFG 1 R "" { "a" } { 1 } 0', { mixed: false })).toBe(
      'equilibrium,kind,player,strategy,probability,regret,support_stability\n1,pure,a,1,1,0,\n',
    );
  });
});
