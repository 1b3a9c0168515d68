import QueryStatsIcon from '@mui/icons-material/QueryStats';
import { UsageList } from './UsageList';

// Usage events are read-only and listed only: the API has no endpoint for one event.
export default {
  list: UsageList,
  icon: QueryStatsIcon,
};
