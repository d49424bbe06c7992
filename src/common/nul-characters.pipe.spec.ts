import { RejectNulCharactersPipe, findNulCharacters } from './nul-characters.pipe.js';
import { ValidationFailedException } from './validation.pipe.js';

describe('NUL characters in inputs', () => {
  it('names every field holding one, nested, in lists and in keys', () => {
    expect(
      findNulCharacters(
        { title: 'a\u0000', body: 'fine', payload: { list: ['ok', 'x\u0000'], ['k\u0000']: 1 } },
        '',
      ),
    ).toEqual({
      title: ['must not contain the NUL character (\\u0000)'],
      'payload.list.1': ['must not contain the NUL character (\\u0000)'],
      payload: ['must not contain a key with the NUL character (\\u0000)'],
    });
  });

  it('walks a very deep value without recursion', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(Object.keys(findNulCharacters(deep, ''))).toHaveLength(1);
  });

  it('refuses a string argument by its own name and leaves other parameters alone', () => {
    const pipe = new RejectNulCharactersPipe();
    let thrown: unknown;
    try {
      pipe.transform('hi\u0000', { type: 'body', data: 'body' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationFailedException);
    expect((thrown as ValidationFailedException).fields).toEqual({
      body: ['must not contain the NUL character (\\u0000)'],
    });
    expect(pipe.transform('hi\u0000', { type: 'custom' })).toBe('hi\u0000');
    expect(pipe.transform({ a: 'clean' }, { type: 'body' })).toEqual({ a: 'clean' });
  });
});
