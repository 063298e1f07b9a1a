// A container's effective security context as the kubelet computes it (SecurityContext over
// PodSecurityContext): runAsUser, runAsGroup and runAsNonRoot come from the container when it
// sets them, else from the pod; readOnlyRootFilesystem, allowPrivilegeEscalation, privileged and
// capabilities exist on containers only. And the kubelet's runAsNonRoot check against an explicit
// user (the check against the image's own user needs the image, which the runtime has).

/** The security fields the local kubelet applies. */
export interface EffectiveSecurity {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly addCapabilities: readonly string[];
  readonly dropCapabilities: readonly string[];
}

interface PodSecurityLike {
  readonly runAsUser?: number | null;
  readonly runAsGroup?: number | null;
  readonly runAsNonRoot?: boolean | null;
}

interface ContainerSecurityLike extends PodSecurityLike {
  readonly readOnlyRootFilesystem?: boolean | null;
  readonly allowPrivilegeEscalation?: boolean | null;
  readonly privileged?: boolean | null;
  readonly capabilities?: { readonly add?: readonly string[] | null; readonly drop?: readonly string[] | null } | null;
}

/** The first of two optional values that is set (`null` counts as unset, as in Go's pointers). */
function either<T>(first: T | null | undefined, second: T | null | undefined): T | undefined {
  return first ?? second ?? undefined;
}

/** The fields that are set, and no others. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}

const POD_FIELDS = ['runAsUser', 'runAsGroup', 'runAsNonRoot'] as const;
const CONTAINER_ONLY_FIELDS = ['readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged'] as const;

/** The container's security context merged over the pod's. */
export function effectiveSecurity(pod: PodSecurityLike | null | undefined, container: ContainerSecurityLike | null | undefined): EffectiveSecurity {
  const fields: Record<string, unknown> = {};
  for (const field of POD_FIELDS) fields[field] = either(container?.[field], pod?.[field]);
  for (const field of CONTAINER_ONLY_FIELDS) fields[field] = container?.[field];
  return { ...(defined(fields) as Partial<EffectiveSecurity>), ...capabilitiesOf(container?.capabilities) };
}

function capabilitiesOf(capabilities: ContainerSecurityLike['capabilities']): Pick<EffectiveSecurity, 'addCapabilities' | 'dropCapabilities'> {
  return { addCapabilities: [...(capabilities?.add ?? [])], dropCapabilities: [...(capabilities?.drop ?? [])] };
}

/**
 * The kubelet's message when runAsNonRoot meets an explicit root user (verifyRunAsNonRoot), or
 * undefined when the explicit user is allowed. `pod` is `<name>_<namespace>(<uid>)`.
 */
export function nonRootViolation(security: EffectiveSecurity, pod: string, container: string): string | undefined {
  if (security.runAsNonRoot !== true || security.runAsUser !== 0) return undefined;
  return `container's runAsUser breaks non-root policy (pod: "${pod}", container: ${container})`;
}
