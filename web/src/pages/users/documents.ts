import { graphql } from '../../gql';

export const UsersQuery = graphql(`
  query Users {
    users {
      id
      username
      displayName
      email
      role
      active
      createdAt
    }
  }
`);

export const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
      displayName
      email
      role
      active
      createdAt
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

export const ApiTokensQuery = graphql(`
  query ApiTokens($userId: ID!) {
    apiTokens(userId: $userId) {
      id
      name
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const CreateApiToken = graphql(`
  mutation CreateApiToken($userId: ID!, $name: String!) {
    createApiToken(userId: $userId, name: $name) {
      token
      apiToken {
        id
        name
        createdAt
        lastUsedAt
        revokedAt
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
