import { Matches } from 'class-validator';

/** Text a person writes (titles, posts, names) must say something: whitespace alone is refused. */
export const IsNotBlank = (): PropertyDecorator =>
  Matches(/\S/, { message: 'must contain more than whitespace' });
