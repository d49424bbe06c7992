import { graphql } from '../../gql';

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    username
    displayName
    email
    role
    active
    createdAt
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users {
      ...UserFields
    }
  }
`);

export const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      ...UserFields
    }
  }
`);

export const SetUserActive = graphql(`
  mutation SetUserActive($id: ID!, $active: Boolean!) {
    updateUser(id: $id, input: { active: $active }) {
      id
      active
    }
  }
`);

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    createdAt
    lastUsedAt
    revokedAt
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens($userId: ID!) {
    apiTokens(userId: $userId) {
      ...ApiTokenFields
    }
  }
`);

export const CreateApiToken = graphql(`
  mutation CreateApiToken($userId: ID!, $name: String!) {
    createApiToken(userId: $userId, name: $name) {
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`);

export const RevokeApiToken = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);
