import { describe, expect, it } from 'vitest';
import { applyEvent, EMPTY_STATE, verdictOf, type VerdictEvent } from './verdict-rule.js';

// Events published without a version (version 0): ordered by time alone.
const U = (at: number, version = 0): VerdictEvent => ({ kind: 'unique', order: { version, at } });
const R = (at: number, version = 0): VerdictEvent => ({ kind: 'tombstone', order: { version, at } });
const D = (at: number, version = 0): VerdictEvent => ({ kind: 'duplicate', order: { version, at } });

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

  it('orders versioned events by version, whatever their clocks say', () => {
    // Instance A published the document unique (version 1) after instance B demoted it (version 2):
    // A's clock, or its publish, ran late.
    expect(settled(U(9, 1), R(5, 2), D(5, 2))).toBe('duplicate');
    // A source added by another instance (version 2) is not undone by the first record (version 1).
    const state = [U(5, 2), U(9, 1)].reduce(applyEvent, EMPTY_STATE);
    expect(state.uniqueEvent?.order.version).toBe(2);
    // Promoted again (version 3) after the demotion, the unique record wins, published at any time.
    expect(settled(U(1, 1), R(2, 2), D(2, 2), U(0, 3))).toBe('unique');
    // Versioned events come after everything published without a version.
    expect(settled(D(9), U(1, 1))).toBe('unique');
  });
});
