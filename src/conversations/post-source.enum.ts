import { registerEnumType } from '@nestjs/graphql';

/** Where a post was written: in the catalog, or as a reply to a notification email. */
export enum PostSource {
  WEB = 'WEB',
  EMAIL = 'EMAIL',
}

registerEnumType(PostSource, { name: 'PostSource' });
