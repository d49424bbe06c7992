import { InvalidEnvironmentError } from '../config/environment.js';
import type { LinkTemplates } from '../config/link-templates.js';
import { placeholdersOf } from '../config/link-templates.js';
import { isNotificationType, NOTIFICATION_TYPE_DEFINITIONS } from './notification-catalogue.js';
import type { NotificationType } from './notification-type.js';
import type { TemplateContext } from './templates/rendering.js';

/** A value every type's links may use besides its payload fields: the event's catalog object. */
const CONTEXT_PLACEHOLDERS = ['objectRef'];

/**
 * Where the links in emails point: each type's named links (notification-catalogue.ts), or the
 * operator's replacement from CATALOG_LINK_TEMPLATES, under CATALOG_URL (the catalog's web app;
 * PUBLIC_URL is Replyline's own address). Placeholder values are percent-encoded, so a payload
 * value can fill one path segment or query value but never change the rest of the URL.
 */
export class CatalogLinks {
  constructor(
    private readonly catalogUrl: string,
    private readonly overrides: LinkTemplates = {},
  ) {
    const problems = linkTemplateProblems(overrides);
    if (problems.length > 0) throw new InvalidEnvironmentError(problems);
  }

  /** The effective template of a type's link, as an absolute URL template; undefined if none. */
  template(type: NotificationType, name: string): string | undefined {
    const template =
      this.overrides[`${type}.${name}`] ?? NOTIFICATION_TYPE_DEFINITIONS[type].links[name];
    if (template === undefined) return undefined;
    return template.startsWith('/') ? `${this.catalogUrl}${template}` : template;
  }

  /** Every link of a type, by name, as absolute URL templates. */
  templates(type: NotificationType): Array<{ name: string; template: string }> {
    return Object.keys(NOTIFICATION_TYPE_DEFINITIONS[type].links).map((name) => ({
      name,
      template: this.template(type, name) as string,
    }));
  }

  /** The template context for rendering one email of `type`. */
  contextFor(
    type: NotificationType,
    extras: { recipientName?: string; objectRef?: string } = {},
  ): TemplateContext {
    return {
      ...extras,
      link: (name, values) => {
        const template = this.template(type, name);
        if (template === undefined) return null;
        return fill(template, { ...values, objectRef: extras.objectRef });
      },
    };
  }
}

/** The template with every placeholder filled, or null when a value it needs is absent. */
function fill(template: string, values: Record<string, unknown>): string | null {
  let missing = false;
  const url = template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(value));
  });
  return missing ? null : url;
}

/** Overrides that name no known type or link, or use a field the type does not have. */
export function linkTemplateProblems(overrides: LinkTemplates): string[] {
  const problems: string[] = [];
  for (const [key, template] of Object.entries(overrides)) {
    const [type, name] = key.split('.');
    if (!isNotificationType(type)) {
      problems.push(`CATALOG_LINK_TEMPLATES: "${key}" names no notification type "${type}"`);
      continue;
    }
    const definition = NOTIFICATION_TYPE_DEFINITIONS[type];
    if (!Object.hasOwn(definition.links, name)) {
      const known = Object.keys(definition.links);
      problems.push(
        `CATALOG_LINK_TEMPLATES: ${type} has no link "${name}"` +
          (known.length ? ` (its links: ${known.join(', ')})` : ' (it has no links)'),
      );
      continue;
    }
    const allowed = [...Object.keys(definition.fields), ...CONTEXT_PLACEHOLDERS];
    for (const placeholder of placeholdersOf(template)) {
      if (!allowed.includes(placeholder)) {
        problems.push(
          `CATALOG_LINK_TEMPLATES: "${key}" uses {${placeholder}}, which ${type} does not have (it has ${allowed.join(', ')})`,
        );
      }
    }
  }
  return problems;
}
