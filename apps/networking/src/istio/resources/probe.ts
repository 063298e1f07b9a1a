// Probe insertion (knative/networking `pkg/ingress` InsertProbe, ISTIO.md §4): every path of an
// Ingress gets a twin, placed before the originals, that matches `K-Network-Hash: override` and sets
// `K-Network-Hash` to the Ingress hash, so a prober can tell which Ingress version a gateway serves.
import { KnativeHeaders, type HTTPIngressPath, type Ingress, type IngressRule } from '@ebb/api';
import { ingressHash } from '../../routing-table/ingress-hash.js';

/** The value a probe sends in `K-Network-Hash` so that the probe routes match (knative/networking `HashHeaderValue`). */
export const PROBE_HASH_OVERRIDE = 'override';

/** A probe-inserted Ingress and the hash its probe routes answer with. */
export interface ProbedIngress {
  /** A copy of the Ingress whose rules' paths are `[probe twins…, originals…]`. */
  readonly ingress: Ingress;
  /** {@link ingressHash} of the Ingress as given. */
  readonly hash: string;
}

/** The probe twin of a path: the hash header matched on `override` and set to `hash` (overriding any same-named entry). */
function probePath(path: HTTPIngressPath, hash: string): HTTPIngressPath {
  const copy = structuredClone(path);
  return {
    ...copy,
    headers: { ...copy.headers, [KnativeHeaders.Hash]: { exact: PROBE_HASH_OVERRIDE } },
    appendHeaders: { ...copy.appendHeaders, [KnativeHeaders.Hash]: hash },
  };
}

/** A rule with its paths doubled; a rule without `http` is an error, as in Knative. */
function probeRule(rule: IngressRule, hash: string): IngressRule {
  if (rule.http === undefined) throw new Error(`rule is missing HTTP block: ${JSON.stringify(rule)}`);
  const paths = rule.http.paths ?? [];
  return { ...rule, http: { ...rule.http, paths: [...paths.map((p) => probePath(p, hash)), ...paths] } };
}

/**
 * The Ingress with probe routes inserted, and its hash. Pure: `ingress` is not changed. Throws when
 * a rule has no `http` block. The hash is taken of the Ingress as given (defaulted inside
 * {@link ingressHash}); the paths are not defaulted here.
 */
export function insertProbe(ingress: Ingress): ProbedIngress {
  const hash = ingressHash(ingress);
  const copy = structuredClone(ingress);
  if (copy.spec?.rules === undefined) return { ingress: copy, hash };
  return { ingress: { ...copy, spec: { ...copy.spec, rules: copy.spec.rules.map((r) => probeRule(r, hash)) } }, hash };
}
