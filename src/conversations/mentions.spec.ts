import { extractMentionedUsernames } from './mentions.js';

describe('extractMentionedUsernames', () => {
  it.each([
    ['Hi @ana, see this', ['ana']],
    ['@Ana and @BRUNO', ['ana', 'bruno']],
    ['@ana @ana @ANA', ['ana']],
    ['(@ana) [@bruno] "@carla"', ['ana', 'bruno', 'carla']],
    ['thanks @ana.', ['ana']],
    ['ping @j.doe-smith_2!', ['j.doe-smith_2']],
    ['mail ana@example.com or @bruno', ['bruno']],
    ['no mentions here', []],
    ['@ at the start and a lone @', []],
    ['x@ana', []],
    ['@ana@example.com is an address', []],
    ['line one\n@ana on line two', ['ana']],
  ])('%j → %j', (body, expected) => {
    expect(extractMentionedUsernames(body)).toEqual(expected);
  });
});
