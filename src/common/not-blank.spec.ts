import { validateSync } from 'class-validator';
import { IsNotBlank } from './not-blank.js';

class Titled {
  @IsNotBlank()
  title!: string;
}

const refusal = (title: string) => {
  const titled = Object.assign(new Titled(), { title });
  return validateSync(titled)[0]?.constraints;
};

describe('IsNotBlank', () => {
  it.each([
    ['spaces, tabs and newlines', ' \t\n '],
    ['no-break and ideographic spaces', '\u00a0\u3000'],
    ['zero-width characters and a soft hyphen', '\u200b\u200c\u200d\u2060\u00ad\ufeff'],
    ['direction marks', '\u200e\u200f'],
  ])('refuses %s alone', (_what, title) => {
    expect(refusal(title)).toEqual({ matches: 'must contain more than whitespace' });
  });

  it.each(['a', ' x ', '\u200bhi', '😀', '日本'])('accepts %j', (title) => {
    expect(refusal(title)).toBeUndefined();
  });
});
