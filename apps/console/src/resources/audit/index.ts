import HistoryIcon from '@mui/icons-material/History';
import { AuditList } from './AuditList';
import { AuditShow } from './AuditShow';
import type { AuditEvent } from './types';

// Read-only: the trail is append-only, so there is no create, edit or delete.
export default {
  list: AuditList,
  show: AuditShow,
  icon: HistoryIcon,
  recordRepresentation: (event: AuditEvent) => `#${event.seq} ${event.action}`,
};
