import { IncidentStatusMap } from "../../upstream/upstream.enums.js";
import { gatewayEnum } from "../common/gateway-enum.js";

export const IncidentStatus = gatewayEnum("IncidentStatus", "Incident status (Graph `status`).", IncidentStatusMap, {
  ACTIVE: "Open: nobody has started on it yet.",
  IN_PROGRESS: "An analyst is working on it.",
  RESOLVED: "Closed; see `classification` and `determination` for the verdict.",
  REDIRECTED: "Merged into another incident (see `redirectIncidentId`); its alerts now belong there.",
  AWAITING_ACTION: "Waiting for someone's action (e.g. a customer's approval).",
});
