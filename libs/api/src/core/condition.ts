import Type, { type Static } from 'typebox';

/** Status of a condition (Knative's `corev1.ConditionStatus`). */
export const ConditionStatus = { True: 'True', False: 'False', Unknown: 'Unknown' } as const;
/** One of {@link ConditionStatus}. */
export type ConditionStatus = (typeof ConditionStatus)[keyof typeof ConditionStatus];

/** Severity of a condition: '' (an error, the default) for dependents of Ready, Warning or Info otherwise. */
export const ConditionSeverity = { Error: '', Warning: 'Warning', Info: 'Info' } as const;
/** One of {@link ConditionSeverity}. */
export type ConditionSeverity = (typeof ConditionSeverity)[keyof typeof ConditionSeverity];

/** A status condition (knative/pkg `apis/condition_types.go`), as it appears in `status.conditions[]`. */
export const ConditionSchema = Type.Object({
  type: Type.String({ description: 'Type of condition.' }),
  status: Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')], {
    description: 'Status of the condition, one of True, False, Unknown.',
  }),
  severity: Type.Optional(
    Type.Union([Type.Literal(''), Type.Literal('Warning'), Type.Literal('Info')], {
      description: 'How to interpret failures of this condition, one of Error, Warning, Info.',
    }),
  ),
  lastTransitionTime: Type.Optional(Type.String({ description: 'Last time the condition transitioned from one status to another (RFC 3339).' })),
  reason: Type.Optional(Type.String({ description: "The reason for the condition's last transition." })),
  message: Type.Optional(Type.String({ description: 'A human readable message indicating details about the transition.' })),
});
/** A {@link ConditionSchema} value. */
export type Condition = Static<typeof ConditionSchema>;

/** The status fields every Knative kind shares (knative/pkg duck `Status`). */
export const StatusSchema = Type.Object({
  observedGeneration: Type.Optional(Type.Integer({ description: 'The generation last processed by the controller.' })),
  conditions: Type.Optional(Type.Array(ConditionSchema, { description: 'The latest available observations of the resource state.' })),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Additional status information.' })),
});
/** A {@link StatusSchema} value. */
export type Status = Static<typeof StatusSchema>;
