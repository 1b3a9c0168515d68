import DnsIcon from '@mui/icons-material/Dns';
import { NodeList } from './NodeList';
import { NodeShow } from './NodeShow';
import type { DataplaneNode } from './types';

// No create or edit: a node enrolls itself with an enrollment token, then is only revoked.
export default {
  list: NodeList,
  show: NodeShow,
  icon: DnsIcon,
  recordRepresentation: (node: DataplaneNode) => node.name,
};
