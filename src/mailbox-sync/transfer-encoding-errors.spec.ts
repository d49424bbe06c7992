import { findBase64Errors } from './transfer-encoding-errors.js';

const message = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('findBase64Errors', () => {
  it('finds a top-level text body that is not base64', () => {
    expect(
      findBase64Errors(
        message('From: a@b.test', 'Content-Transfer-Encoding: base64', '', 'Sure, go ahead!'),
      ),
    ).toEqual([{ contentType: 'text/plain', invalid: 2, total: 13 }]);
  });

  it('lets valid base64 through, line breaks and padding included', () => {
    const encoded = Buffer.from('Sure, go ahead! '.repeat(10)).toString('base64');
    const wrapped = encoded.match(/.{1,76}/g)!;
    expect(
      findBase64Errors(
        message('Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', ...wrapped),
      ),
    ).toEqual([]);
  });

  it('looks inside multiparts at text parts only, folded headers included', () => {
    const raw = message(
      'Content-Type: multipart/mixed;',
      '\tboundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      '<p>not base64</p>',
      '--outer',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      'attachments are not posted!',
      '--outer',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('fine').toString('base64'),
      '--outer--',
      'epilogue: ignored',
    );
    expect(findBase64Errors(raw)).toEqual([{ contentType: 'text/html', invalid: 4, total: 16 }]);
  });
});
