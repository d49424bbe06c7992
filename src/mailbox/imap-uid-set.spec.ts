import { toUidSet } from './imap-uid-set.js';

describe('toUidSet', () => {
  it('compresses consecutive UIDs into ranges, sorted and deduplicated', () => {
    expect(toUidSet([9, 3, 4, 5, 11, 12, 4])).toBe('3:5,9,11:12');
  });

  it('keeps single UIDs and drops values that are not UIDs', () => {
    expect(toUidSet([7])).toBe('7');
    expect(toUidSet([0, -1, 1.5, 2])).toBe('2');
    expect(toUidSet([])).toBe('');
  });
});
