import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsNotBlank } from '../../common/not-blank.js';
import { UserRole } from '../user-role.enum.js';

// Mentions are written `@username`, so a username is what can follow an `@` in running text.
export const USERNAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;

@InputType()
export class CreateUserInput {
  @Field()
  @Matches(USERNAME_PATTERN, {
    message:
      'must be 1 to 64 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit',
  })
  username!: string;

  @Field()
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  displayName?: string;

  @Field(() => UserRole, { defaultValue: UserRole.USER })
  @IsEnum(UserRole)
  role: UserRole = UserRole.USER;
}
