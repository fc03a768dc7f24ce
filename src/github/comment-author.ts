/**
 * Whose hidden markers astro-guard believes. Anyone can type `<!-- astro-guard:fp=… -->` into a comment; a marker
 * from a pull request's author could otherwise silence a finding's comment or get its own comment rewritten.
 * Markers count when the comment was written by a bot (GITHUB_TOKEN posts as github-actions[bot], a GitHub App
 * as its bot) or by someone with write access to the repository (a maintainer's personal token).
 */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR'])

export interface CommentAuthor {
  user?: { type?: string } | null
  author_association?: string
}

export function isTrustedAuthor(comment: CommentAuthor): boolean {
  return comment.user?.type === 'Bot' || TRUSTED_ASSOCIATIONS.has(comment.author_association ?? '')
}
