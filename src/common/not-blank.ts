import { Matches } from 'class-validator';

/**
 * Something visible: not whitespace, nor an invisible format character (zero-width space and
 * joiners, soft hyphen, direction marks), which would make a title look blank just the same.
 */
const VISIBLE = /[^\s\p{Cf}]/u;

/** Text a person writes (titles, posts, names) must say something: whitespace alone is refused. */
export const IsNotBlank = (): PropertyDecorator =>
  Matches(VISIBLE, { message: 'must contain more than whitespace' });
