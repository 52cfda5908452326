"""The GraphQL documents the GitHub sync sends, one per operation.

Pull requests come newest-updated first with their conversation comments, their reviews
and each review's comments nested, so one request carries a whole page; the follow-up
queries fetch only a nested list that overflowed its first page. Field names are GitHub's
(docs.github.com/graphql).
"""

_ACTOR = "__typename login avatarUrl ... on User { databaseId name } ... on Bot { databaseId }"
_RATE_LIMIT = "rateLimit { cost limit remaining resetAt }"
# GitHub's Int is 32 bits and its comment ids have outgrown it: fullDatabaseId is the BigInt.
_USER = "__typename login avatarUrl databaseId name"
_COMMENT = f"fullDatabaseId createdAt author {{ {_ACTOR} }}"
_COMMENTS_PAGE = f"totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {_COMMENT} }}"
_REVIEW = (
    f"id fullDatabaseId state submittedAt author {{ {_ACTOR} }} "
    f"comments(first: $comments) {{ {_COMMENTS_PAGE} }}"
)
_REVIEWS_PAGE = f"totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {_REVIEW} }}"

PULL_REQUESTS = f"""
query PullRequests($owner: String!, $name: String!, $first: Int!, $after: String,
                   $reviews: Int!, $comments: Int!, $conversation: Int!) {{
  {_RATE_LIMIT}
  repository(owner: $owner, name: $name) {{
    databaseId nameWithOwner
    pullRequests(first: $first, after: $after,
                 orderBy: {{field: UPDATED_AT, direction: DESC}}) {{
      totalCount
      pageInfo {{ hasNextPage endCursor }}
      nodes {{
        fullDatabaseId number title state isDraft createdAt updatedAt mergedAt closedAt
        additions deletions changedFiles
        mergeCommit {{ oid }}
        author {{ {_ACTOR} }}
        mergedBy {{ {_ACTOR} }}
        labels(first: 20) {{ nodes {{ name }} }}
        comments(first: $conversation) {{ {_COMMENTS_PAGE} }}
        reviews(first: $reviews) {{ {_REVIEWS_PAGE} }}
      }}
    }}
  }}
}}
"""

# A pull request with more reviews than fit in its page.
PULL_REQUEST_REVIEWS = f"""
query PullRequestReviews($owner: String!, $name: String!, $number: Int!, $after: String,
                         $comments: Int!) {{
  {_RATE_LIMIT}
  repository(owner: $owner, name: $name) {{
    pullRequest(number: $number) {{
      reviews(first: 100, after: $after) {{ {_REVIEWS_PAGE} }}
    }}
  }}
}}
"""

# A pull request with more conversation comments (IssueComment nodes) than fit in its page.
PULL_REQUEST_COMMENTS = f"""
query PullRequestComments($owner: String!, $name: String!, $number: Int!, $after: String) {{
  {_RATE_LIMIT}
  repository(owner: $owner, name: $name) {{
    pullRequest(number: $number) {{
      comments(first: 100, after: $after) {{ {_COMMENTS_PAGE} }}
    }}
  }}
}}
"""

# A review with more comments than fit in its page.
REVIEW_COMMENTS = f"""
query ReviewComments($id: ID!, $after: String) {{
  {_RATE_LIMIT}
  node(id: $id) {{
    ... on PullRequestReview {{
      comments(first: 100, after: $after) {{ {_COMMENTS_PAGE} }}
    }}
  }}
}}
"""

ISSUES = f"""
query Issues($owner: String!, $name: String!, $first: Int!, $after: String,
             $comments: Int!) {{
  {_RATE_LIMIT}
  repository(owner: $owner, name: $name) {{
    databaseId nameWithOwner
    issues(first: $first, after: $after, orderBy: {{field: UPDATED_AT, direction: DESC}}) {{
      totalCount
      pageInfo {{ hasNextPage endCursor }}
      nodes {{
        fullDatabaseId number title state stateReason createdAt updatedAt closedAt
        author {{ {_ACTOR} }}
        assignees(first: 5) {{ nodes {{ {_USER} }} }}
        labels(first: 20) {{ nodes {{ name }} }}
        comments(first: $comments) {{ {_COMMENTS_PAGE} }}
      }}
    }}
  }}
}}
"""

# An issue with more comments than fit in its page.
ISSUE_COMMENTS = f"""
query IssueComments($owner: String!, $name: String!, $number: Int!, $after: String) {{
  {_RATE_LIMIT}
  repository(owner: $owner, name: $name) {{
    issue(number: $number) {{
      comments(first: 100, after: $after) {{ {_COMMENTS_PAGE} }}
    }}
  }}
}}
"""
