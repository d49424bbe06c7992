/**
 * What the admin should do when Microsoft Graph refuses the mailbox, from Graph's status, error
 * code and message (pure, so it is unit-tested on the bodies Graph really sends).
 *
 * An Exchange Online application access policy (New-ApplicationAccessPolicy, being replaced by
 * RBAC for Applications) that leaves the mailbox out answers 403 `ErrorAccessDenied` with "Access
 * to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings." That
 * is not a missing permission: granting Mail.ReadWrite again changes nothing. Microsoft: "Changes
 * to application access policies can take longer than 1 hour to take effect in Microsoft Graph
 * REST API calls, even when Test-ApplicationAccessPolicy shows positive results"
 * (learn.microsoft.com/graph/auth-limit-mailbox-access); 30 minutes is the usual wait.
 */
export function graphRefusalHint(
  refusal: { status: number; graphCode: string; graphMessage: string },
  account: { clientId: string; mailbox: string },
): string | undefined {
  if (refusal.status === 403 && isAccessPolicyRefusal(refusal.graphMessage)) {
    return (
      `An Exchange Online application access policy keeps Client: ${account.clientId} out of ` +
      `${account.mailbox}: add the mailbox to the policy's mail-enabled security group (check ` +
      `with Test-ApplicationAccessPolicy -Identity ${account.mailbox} -AppId ${account.clientId}). ` +
      'A policy change takes about 30 minutes, sometimes over an hour, to reach Microsoft Graph, ' +
      'even after Test-ApplicationAccessPolicy says Granted.'
    );
  }
  if (refusal.status === 403) {
    return 'Grant the Mail.ReadWrite application permission and admin consent.';
  }
  if (refusal.status === 404) {
    return 'Check that the Reply To Email Address is an existing Exchange Online mailbox.';
  }
  if (refusal.status === 401) {
    return 'Check that admin consent was granted for the Mail application permissions.';
  }
  return undefined;
}

export function isAccessPolicyRefusal(graphMessage: string): boolean {
  return /AppOnly AccessPolicy|\[RAOP\]/i.test(graphMessage);
}
