// Status verbs of the Configuration (serving `pkg/apis/serving/v1/configuration_lifecycle.go`,
// API.md §6.2): the Configuration reconciler changes its status only through these. Each verb is
// pure: it takes the status and `now` and returns a new status (or the same one when nothing changed).
import type { Instant } from '../../core/condition-set.js';
import { ConfigurationConditionType, ConfigurationMessage, ConfigurationReason, configurationConditionSet } from '../../core/lifecycle.js';
import type { ConfigurationStatus } from './configuration.types.js';

/** `status` with a missing Ready condition set Unknown (Knative `InitializeConditions`). */
export function initializeConfigurationConditions(status: ConfigurationStatus, now: Instant): ConfigurationStatus {
  return configurationConditionSet.initializeConditions(status, now);
}

/** Records the Revision made for the current generation; Ready turns Unknown (no reason) while it is not the latest ready one. */
export function setLatestCreatedRevisionName(status: ConfigurationStatus, name: string, now: Instant): ConfigurationStatus {
  const next = { ...status, latestCreatedRevisionName: name };
  if (next.latestReadyRevisionName === name) return next;
  return configurationConditionSet.markUnknown(next, { type: ConfigurationConditionType.Ready }, now);
}

/** Records the newest ready Revision; Ready turns True when it is also the latest created one. */
export function setLatestReadyRevisionName(status: ConfigurationStatus, name: string, now: Instant): ConfigurationStatus {
  const next = { ...status, latestReadyRevisionName: name };
  if (next.latestCreatedRevisionName !== name) return next;
  return configurationConditionSet.markTrue(next, { type: ConfigurationConditionType.Ready }, now);
}

/** Ready False `RevisionFailed`: `Revision "X" failed with message: <message>.` (the latest created Revision failed). */
export function markLatestCreatedFailed(status: ConfigurationStatus, name: string, message: string, now: Instant): ConfigurationStatus {
  return configurationConditionSet.markFalse(
    status,
    { type: ConfigurationConditionType.Ready, reason: ConfigurationReason.RevisionFailed, message: ConfigurationMessage.revisionFailed(name, message) },
    now,
  );
}

/** Ready False `RevisionFailed`: `Revision creation failed with message: <message>.` (creating the Revision failed). */
export function markRevisionCreationFailed(status: ConfigurationStatus, message: string, now: Instant): ConfigurationStatus {
  return configurationConditionSet.markFalse(
    status,
    { type: ConfigurationConditionType.Ready, reason: ConfigurationReason.RevisionFailed, message: ConfigurationMessage.revisionCreationFailed(message) },
    now,
  );
}

/** Ready False `RevisionDeleted`: `Revision "X" was deleted.`, X being the recorded latest ready Revision. */
export function markLatestReadyDeleted(status: ConfigurationStatus, now: Instant): ConfigurationStatus {
  return configurationConditionSet.markFalse(
    status,
    {
      type: ConfigurationConditionType.Ready,
      reason: ConfigurationReason.RevisionDeleted,
      message: ConfigurationMessage.revisionDeleted(status.latestReadyRevisionName ?? ''),
    },
    now,
  );
}

/** Whether the Configuration is Ready and its latest created Revision is the latest ready one (Knative `IsLatestReadyRevisionNameUpToDate`). */
export function isLatestReadyRevisionNameUpToDate(status: ConfigurationStatus): boolean {
  return configurationConditionSet.isHappy(status) && status.latestCreatedRevisionName === status.latestReadyRevisionName;
}
