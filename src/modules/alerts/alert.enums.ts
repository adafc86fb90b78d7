import {
  DEFENDER_CLASSIFICATIONS,
  DEFENDER_DETECTION_SOURCES,
  DEFENDER_DETERMINATIONS,
  DEFENDER_INVESTIGATION_STATES,
  DEFENDER_SEVERITIES,
  DEFENDER_STATUSES,
} from "../../upstream/defender.types.js";
import { defenderEnum } from "../common/defender-enum.js";

export const AlertSeverity = defenderEnum("AlertSeverity", "Alert severity (Defender `severity`).", DEFENDER_SEVERITIES, {
  UnSpecified: "UNSPECIFIED",
});
export const AlertStatus = defenderEnum("AlertStatus", "Alert status (Defender `status`).", DEFENDER_STATUSES);
export const AlertClassification = defenderEnum(
  "AlertClassification",
  "Analyst classification of an alert (Defender `classification`).",
  DEFENDER_CLASSIFICATIONS,
  {},
  { "Informational, expected activity": "InformationalExpectedActivity" },
);
export const AlertDetermination = defenderEnum(
  "AlertDetermination",
  "Analyst determination of an alert (Defender `determination`). `APT` and `SECURITY_PERSONNEL` are deprecated upstream.",
  DEFENDER_DETERMINATIONS,
  { Apt: "APT" },
  // The update-alert doc page spells two values differently; accept both on the way in.
  { ConfirmedActivity: "ConfirmedUserActivity", NotMalicious: "Clean" },
);
export const InvestigationState = defenderEnum(
  "InvestigationState",
  "State of the automated investigation linked to the alert (Defender `investigationState`).",
  DEFENDER_INVESTIGATION_STATES,
);
export const DetectionSource = defenderEnum(
  "DetectionSource",
  "Which product or sensor raised the alert (Defender `detectionSource`).",
  DEFENDER_DETECTION_SOURCES,
  { MTP: "MTP", CustomerTI: "CUSTOMER_TI", OfficeATP: "OFFICE_ATP", WindowsDefenderAv: "WINDOWS_DEFENDER_AV", WindowsDefenderAtp: "WINDOWS_DEFENDER_ATP" },
);
