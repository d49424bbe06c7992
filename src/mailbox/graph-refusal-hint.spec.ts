import { graphRefusalHint, isAccessPolicyRefusal } from './graph-refusal-hint.js';

const account = {
  clientId: 'c0ffee00-0000-4000-8000-000000000001',
  mailbox: 'replies@contoso.test',
};

// Graph's bodies as public reports quote them.
const ACCESS_POLICY =
  'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.';
const OLDER_ACCESS_POLICY = 'Blocked by tenant configured AppOnly AccessPolicy settings.';
const NO_PERMISSION = 'Access is denied. Check credentials and try again.';

describe('graphRefusalHint', () => {
  it.each([ACCESS_POLICY, OLDER_ACCESS_POLICY])(
    'names the application access policy, the mailbox and the wait for %s',
    (message) => {
      const hint = graphRefusalHint(
        { status: 403, graphCode: 'ErrorAccessDenied', graphMessage: message },
        account,
      );
      expect(hint).toContain('application access policy');
      expect(hint).toContain(
        `Test-ApplicationAccessPolicy -Identity ${account.mailbox} -AppId ${account.clientId}`,
      );
      expect(hint).toContain('about 30 minutes');
      expect(hint).not.toContain('Mail.ReadWrite');
    },
  );

  it('asks for the permission and consent on any other 403', () => {
    expect(
      graphRefusalHint(
        { status: 403, graphCode: 'ErrorAccessDenied', graphMessage: NO_PERMISSION },
        account,
      ),
    ).toBe('Grant the Mail.ReadWrite application permission and admin consent.');
  });

  it('points at the address for a 404 and at consent for a 401; nothing for the rest', () => {
    expect(
      graphRefusalHint({ status: 404, graphCode: 'ErrorInvalidUser', graphMessage: 'x' }, account),
    ).toMatch(/existing Exchange Online mailbox/);
    expect(
      graphRefusalHint(
        { status: 401, graphCode: 'InvalidAuthenticationToken', graphMessage: 'x' },
        account,
      ),
    ).toMatch(/admin consent/);
    expect(
      graphRefusalHint({ status: 400, graphCode: 'BadRequest', graphMessage: 'x' }, account),
    ).toBeUndefined();
  });

  it('does not take an ordinary denial for a policy', () => {
    expect(isAccessPolicyRefusal(NO_PERMISSION)).toBe(false);
    expect(isAccessPolicyRefusal(ACCESS_POLICY)).toBe(true);
  });
});
