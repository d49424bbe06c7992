import { findUndecodableText } from './undecodable-text.js';

describe('findUndecodableText', () => {
  it('flags text that is mostly replacement characters', () => {
    expect(findUndecodableText('\uFFFD(\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD(')).toEqual({
      unreadable: 6,
      total: 8,
    });
  });

  it('lets through ordinary text, non-Latin scripts and a stray bad byte', () => {
    expect(findUndecodableText('Thanks, looks good to me.')).toBeNull();
    expect(findUndecodableText('Спасибо! これで大丈夫です。 שלום 👍')).toBeNull();
    expect(
      findUndecodableText(`Agreed \uFFFD\uFFFD\uFFFD ${'with the plan as written. '.repeat(3)}`),
    ).toBeNull();
    expect(findUndecodableText(`Fine \uFFFD ${'by me. '.repeat(3)}`)).toBeNull();
  });

  it('flags a short text that is mostly unreadable, however few characters it has', () => {
    expect(findUndecodableText('\uFFFD\uFFFD[jǺ')).toEqual({ unreadable: 2, total: 5 });
    expect(findUndecodableText('\uFFFD\uFFFD ok')).toEqual({ unreadable: 2, total: 4 });
  });
});
