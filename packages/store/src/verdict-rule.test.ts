import { describe, expect, it } from 'vitest';
import { applyEvent, EMPTY_STATE, verdictOf, type VerdictEvent } from './verdict-rule.js';

const U = (at: number): VerdictEvent => ({ kind: 'unique', at });
const R = (at: number): VerdictEvent => ({ kind: 'tombstone', at });
const D = (at: number): VerdictEvent => ({ kind: 'duplicate', at });

function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Every arrival order of the events ends in one verdict; returns it. */
function settled(...events: VerdictEvent[]): string {
  const verdicts = new Set(orders(events).map((o) => verdictOf(o.reduce(applyEvent, EMPTY_STATE))));
  expect(verdicts.size).toBe(1);
  return [...verdicts][0]!;
}

describe('verdict rule', () => {
  it('a duplicate record beats an older or equally old unique record and any tombstone', () => {
    expect(settled(U(1), R(2), D(3))).toBe('duplicate');
    expect(settled(U(1), R(1), D(1))).toBe('duplicate');
    expect(settled(U(1), D(1))).toBe('duplicate');
    expect(settled(U(1), R(9), D(2))).toBe('duplicate');
  });

  it('a unique record newer than every duplicate record wins, until a later tombstone', () => {
    expect(settled(U(1), R(2), D(2), U(5))).toBe('unique');
    expect(settled(U(1), R(2), D(2), U(5), R(6))).toBe('duplicate');
  });

  it('a tombstone alone hides the document; an older unique record does not bring it back', () => {
    expect(settled(U(1), R(2))).toBe('removed');
    expect(settled(U(1), R(1))).toBe('removed');
    expect(settled(U(1), R(2), U(1))).toBe('removed');
  });

  it('redelivering any event changes nothing', () => {
    const state = [U(1), R(2), D(3)].reduce(applyEvent, EMPTY_STATE);
    for (const e of [U(1), R(2), D(3)]) expect(applyEvent(state, e)).toEqual(state);
  });
});
