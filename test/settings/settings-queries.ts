// GraphQL documents shared by the settings specs.
export const SETTINGS = `query {
  emailServerSettings {
    notificationsDisabled exemptNotificationTypes
    replyByEmail {
      enabled authMethod replyToAddress intentTrackingMode pollIntervalMinutes
      basic { replyToAddress intentTrackingMode imapHost imapPort imapSsl username passwordSet allowUnencryptedLogin }
      microsoft { serviceProvider replyToAddress tenantId clientId clientSecretSet }
    }
  }
}`;

const SETTINGS_FIELDS = `notificationsDisabled replyByEmail { enabled authMethod replyToAddress intentTrackingMode
  basic { replyToAddress intentTrackingMode imapHost imapPort imapSsl username passwordSet allowUnencryptedLogin }
  microsoft { replyToAddress tenantId clientId clientSecretSet } }`;

export const TEST_BASIC = `mutation($input: BasicAuthReplyByEmailInput!) { testBasicAuthConnection(input: $input) { ok message } }`;
export const SAVE_BASIC = `mutation($input: BasicAuthReplyByEmailInput!) { saveBasicAuthReplyByEmail(input: $input) { ${SETTINGS_FIELDS} } }`;
export const TEST_MICROSOFT = `mutation($input: MicrosoftReplyByEmailInput!) { testMicrosoftConnection(input: $input) { ok message } }`;
export const SAVE_MICROSOFT = `mutation($input: MicrosoftReplyByEmailInput!) { saveMicrosoftReplyByEmail(input: $input) { ${SETTINGS_FIELDS} } }`;

export interface SettingsShape {
  emailServerSettings: {
    notificationsDisabled: boolean;
    exemptNotificationTypes: string[];
    replyByEmail: {
      enabled: boolean;
      authMethod: string | null;
      replyToAddress: string | null;
      intentTrackingMode: string;
      pollIntervalMinutes: number;
      basic: {
        replyToAddress: string | null;
        intentTrackingMode: string;
        imapHost: string | null;
        imapPort: number | null;
        imapSsl: boolean;
        username: string | null;
        passwordSet: boolean;
        allowUnencryptedLogin: boolean;
      };
      microsoft: {
        serviceProvider: string;
        replyToAddress: string | null;
        tenantId: string | null;
        clientId: string | null;
        clientSecretSet: boolean;
      };
    };
  };
}
