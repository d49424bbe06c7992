import { graphql } from '../../gql';

export const EmailDeliveriesQuery = graphql(`
  query EmailDeliveries($filter: EmailDeliveryFilter, $first: Int!, $after: String) {
    emailDeliveries(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        createdAt
        updatedAt
        type
        recipient
        recipientName
        subject
        status
        attempts
        nextAttemptAt
        sentAt
        transport
        providerMessageId
        lastError
        failureClass
        providerStatus
        providerStatusReason
        providerStatusAt
        suppressionReason
        textBody
        resentFromId
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const IncomingEmailsQuery = graphql(`
  query IncomingEmails($filter: IncomingEmailFilter, $first: Int!, $after: String) {
    incomingEmails(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        receivedAt
        from
        subject
        status
        reasonCode
        attempts
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const IncomingEmailFields = graphql(`
  fragment IncomingEmailDetailFields on IncomingEmail {
    id
    receivedAt
    processedAt
    from
    fromName
    to
    subject
    messageId
    sizeBytes
    authMethod
    folder
    status
    reasonCode
    reason
    userId
    user {
      id
      username
      email
    }
    conversationId
    conversation {
      id
      title
    }
    postId
    extractedText
    removedText
    extractionRule
    attempts
    lastError
    nextAttemptAt
    archivedAt
    rawPurgedAt
    rawDownloadPath
  }
`);

export const IncomingEmailQuery = graphql(`
  query IncomingEmail($id: ID!) {
    incomingEmail(id: $id) {
      ...IncomingEmailDetailFields
    }
  }
`);

export const ReprocessIncomingEmail = graphql(`
  mutation ReprocessIncomingEmail($id: ID!) {
    reprocessIncomingEmail(id: $id) {
      ...IncomingEmailDetailFields
    }
  }
`);

export const ResendDelivery = graphql(`
  mutation ResendDelivery($id: ID!) {
    resendDelivery(id: $id) {
      id
      status
      resentFromId
    }
  }
`);
