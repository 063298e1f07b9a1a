/**
 * Container image references as go-containerregistry `name.ParseReference(s, name.WeakValidation)`
 * accepts them (a tag reference, else a digest reference), for Knative's image check.
 */

const TAG_CHARS = /^[A-Za-z0-9_.-]+$/;
const REPOSITORY_CHARS = /^[a-z0-9_./-]+$/;
/** Characters of an RFC 3986 authority (`host[:port]`, IPv6 in brackets). */
const AUTHORITY_CHARS = /^[A-Za-z0-9._~!$&'()*+,;=:%[\]-]*$/;
const SHA256_HEX = /^[0-9A-Fa-f]{64}$/;

/** ggcr `checkRepository`: 2–255 characters of `a-z0-9_-./`. */
function validRepository(repo: string): boolean {
  return repo.length >= 2 && repo.length <= 255 && REPOSITORY_CHARS.test(repo);
}

/** ggcr `NewRepository`: an optional registry (first part with `.`/`:` or `localhost`) and a repository. */
function validRepositoryName(name: string): boolean {
  if (name.length === 0) return false;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  const repo = hasRegistry ? name.slice(slash + 1) : name;
  return validRepository(repo) && (!hasRegistry || AUTHORITY_CHARS.test(first));
}

/** ggcr `NewTag`: `<repository>[:<tag>]`, the tag 1–127 of `A-Za-z0-9_-.` when present. */
function tagBase(name: string): string | undefined {
  const parts = name.split(':');
  const last = parts[parts.length - 1] ?? '';
  const splitTag = parts.length > 1 && !last.includes('/');
  const base = splitTag ? parts.slice(0, -1).join(':') : name;
  const tag = splitTag ? last : '';
  if (tag !== '' && (tag.length > 127 || !TAG_CHARS.test(tag))) return undefined;
  return validRepositoryName(base) ? base : undefined;
}

/** ggcr `NewDigest`: `<repository>[:<tag>]@sha256:<64 hex>`. */
function validDigest(name: string): boolean {
  const parts = name.split('@');
  if (parts.length !== 2) return false;
  const [base = '', digest = ''] = parts;
  if (!digest.startsWith('sha256:') || !SHA256_HEX.test(digest.slice('sha256:'.length))) return false;
  return tagBase(base) !== undefined;
}

/** The parse error for `image` (`could not parse reference: <image>`), or undefined when it parses. */
export function imageReferenceError(image: string): string | undefined {
  if (tagBase(image) !== undefined || validDigest(image)) return undefined;
  return `could not parse reference: ${image}`;
}
