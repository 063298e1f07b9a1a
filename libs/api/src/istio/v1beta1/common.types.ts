// Schema pieces shared by Istio's Gateway and VirtualService: the free-form status Istio's CRDs
// declare, Istio's unsigned ports and counts, and a way to give a reused message type the
// description of the field that holds it (as Istio's generated CRDs do).
import Type, { type Static, type TInteger, type TObject, type TProperties } from 'typebox';
import { PRESERVE_UNKNOWN_FIELDS } from '../../core/meta.js';

/** The largest value of a protobuf `uint32` (Istio's ports, status codes, redirect codes). */
export const UINT32_MAX = 4294967295;

/** A protobuf `uint32` field: a non-negative integer, bounded as in Istio's CRDs. */
export function Uint32Schema(description?: string): TInteger {
  return Type.Integer({ minimum: 0, maximum: UINT32_MAX, ...(description === undefined ? {} : { description }) });
}

/** A protobuf `int32` field (weights, attempts, HTTP status of a fault). */
export function Int32Schema(description: string): TInteger {
  return Type.Integer({ format: 'int32', description });
}

/** `object` with the properties of `schema` but the description of the field holding it. */
export function described<P extends TProperties>(schema: TObject<P>, description: string): TObject<P> {
  return Type.Object(schema.properties, { description });
}

/**
 * The `status` of an Istio config kind. Istio's CRDs type a few members (conditions,
 * observedGeneration, validationMessages) but keep every unknown field, and only Istio writes it:
 * Ebb treats it as a free-form object.
 */
export const IstioStatusSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The status Istio reports for this config (conditions, observedGeneration, validationMessages); free-form.',
  [PRESERVE_UNKNOWN_FIELDS]: true,
});
/** An {@link IstioStatusSchema} value. */
export type IstioStatus = Static<typeof IstioStatusSchema>;
