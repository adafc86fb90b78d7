import { registerEnumType } from "type-graphql";
import { NotificationTrigger } from "./notification.model.js";

registerEnumType(NotificationTrigger, {
  name: "NotificationTrigger",
  description: "What a notification rule fires on.",
  valuesConfig: {
    ALERT_CREATED: {
      description:
        "A new alert of the tenant whose severity (and device group) the rule selects. The default, and what rules did before triggers.",
    },
    INCIDENT_CREATED: {
      description:
        "A new incident of the tenant whose severity the rule selects (and, with `deviceGroups`, one of whose alerts has a device in them). Merged (redirected) incidents never fire.",
    },
    INCIDENT_SEVERITY_RAISED: {
      description:
        "An incident whose severity rose to or past the rule's lowest selected severity, compared with its previous version (e.g. LOW → HIGH fires a rule selecting MEDIUM and HIGH; MEDIUM → HIGH does not, it was already there).",
    },
  },
});

export { NotificationTrigger };
