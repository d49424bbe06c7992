/**
 * CATALOG_LINK_TEMPLATES: a JSON object from `<notification type>.<link name>` to a template,
 * e.g. `{"notify_on_download_ready.export": "/data/exports/{exportId}"}`. A template is a path
 * under CATALOG_URL (starting with `/`) or an absolute http(s) URL, with `{field}` placeholders.
 * Whether each type, link and field exists is checked by the notifications module at boot, which
 * knows them; this checks the shape, so every syntax problem is reported with the rest.
 */
export type LinkTemplates = Record<string, string>;

const KEY = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function parseLinkTemplates(json: string | undefined): {
  templates: LinkTemplates;
  problems: string[];
} {
  if (json === undefined) return { templates: {}, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { templates: {}, problems: ['CATALOG_LINK_TEMPLATES: must be a JSON object'] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { templates: {}, problems: ['CATALOG_LINK_TEMPLATES: must be a JSON object'] };
  }
  const templates: LinkTemplates = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const problem = !KEY.test(key)
      ? 'is not <notification type>.<link name>, e.g. notify_on_download_ready.export'
      : typeProblem(value);
    if (problem) problems.push(`CATALOG_LINK_TEMPLATES: "${key}" ${problem}`);
    else templates[key] = value as string;
  }
  return { templates, problems };
}

function typeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must map to a string';
  if (!value.startsWith('/') && !/^https?:\/\/[^\s/]+/i.test(value)) {
    return 'must be a path starting with / or an absolute http(s) URL';
  }
  if (/\s/.test(value)) return 'must not contain spaces';
  // Every brace must belong to a placeholder: a stray one is a typo that would reach users.
  if (/[{}]/.test(value.replace(PLACEHOLDER, ''))) {
    return 'has a brace that is not part of a {field} placeholder';
  }
  return undefined;
}

/** The `{field}` names a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}
