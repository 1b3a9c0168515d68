import { useEffect, useState } from 'react';
import { useDataProvider, useListContext } from 'react-admin';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ConsoleDataProvider } from '../../providers/data-provider';
import {
  formatCost,
  formatCount,
  groupLabel,
  type UsageGrouping,
  type UsageSummary,
  type UsageSums,
} from './types';

const GROUPINGS: { id: UsageGrouping; name: string }[] = [
  { id: 'model', name: 'Model' },
  { id: 'day', name: 'Day (UTC)' },
  { id: 'principal', name: 'Caller' },
  { id: 'key', name: 'API key' },
];

/** The most groups shown here; the API sums up to 1,000. */
const SHOWN_GROUPS = 10;

type State =
  { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; summary: UsageSummary };

const Figure = ({ label, value }: { label: string; value: string }) => (
  <Box sx={{ minWidth: 120 }}>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="h6" component="p">
      {value}
    </Typography>
  </Box>
);

const Totals = ({ total }: { total: UsageSums }) => (
  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, mb: 2 }} aria-label="Totals" role="group">
    <Figure label="Calls" value={formatCount(total.calls)} />
    <Figure label="Errors" value={formatCount(total.errors)} />
    <Figure label="Input tokens" value={formatCount(total.tokens.input)} />
    <Figure label="Output tokens" value={formatCount(total.tokens.output)} />
    <Figure label="Cost" value={formatCost(total.cost)} />
  </Box>
);

/**
 * `GET /api/v1/usage/summary` over the list's filters: totals, and the sums per model, day, caller
 * or key. Asked through the data provider, so it follows the current tenant as the list does.
 */
export const UsageSummaryPanel = () => {
  const filterValues = useListContext().filterValues as Record<string, unknown>;
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [groupBy, setGroupBy] = useState<UsageGrouping>('model');
  const [result, setResult] = useState<State>({ state: 'loading' });
  const filterKey = JSON.stringify(filterValues);

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: 'loading' });
    dataProvider
      .getUsageSummary(JSON.parse(filterKey) as Record<string, unknown>, groupBy, controller.signal)
      .then(
        (summary) => {
          setResult({ state: 'ready', summary });
        },
        (error: unknown) => {
          if (!controller.signal.aborted)
            setResult({
              state: 'failed',
              message: error instanceof Error ? error.message : 'The summary could not be loaded.',
            });
        },
      );
    return () => {
      controller.abort();
    };
  }, [dataProvider, filterKey, groupBy]);

  return (
    <Card component="section" aria-labelledby="usage-summary-title" sx={{ mt: 2, mb: 1 }}>
      <CardHeader
        title="Summary"
        subheader="Over every call the filters select"
        slotProps={{ title: { id: 'usage-summary-title', component: 'h2', variant: 'h6' } }}
        action={
          <TextField
            select
            size="small"
            label="Per"
            value={groupBy}
            onChange={(event) => {
              setGroupBy(event.target.value as UsageGrouping);
            }}
            sx={{ minWidth: 160, mt: 1, mr: 1 }}
          >
            {GROUPINGS.map((grouping) => (
              <MenuItem key={grouping.id} value={grouping.id}>
                {grouping.name}
              </MenuItem>
            ))}
          </TextField>
        }
        sx={{ pb: 0 }}
      />
      <CardContent>
        {result.state === 'loading' && <CircularProgress size={24} aria-label="Loading the summary" />}
        {result.state === 'failed' && <Alert severity="error">{result.message}</Alert>}
        {result.state === 'ready' && (
          <>
            <Totals total={result.summary.total} />
            {result.summary.groups.length > 0 && (
              <Table size="small" aria-label="Usage per group" sx={{ maxWidth: 900 }}>
                <TableHead>
                  <TableRow>
                    <TableCell>{GROUPINGS.find((grouping) => grouping.id === groupBy)?.name}</TableCell>
                    <TableCell align="right">Calls</TableCell>
                    <TableCell align="right">Errors</TableCell>
                    <TableCell align="right">Input tokens</TableCell>
                    <TableCell align="right">Output tokens</TableCell>
                    <TableCell align="right">Cost</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {result.summary.groups.slice(0, SHOWN_GROUPS).map((group) => (
                    <TableRow key={groupLabel(group)}>
                      <TableCell sx={{ fontFamily: 'monospace' }}>{groupLabel(group)}</TableCell>
                      <TableCell align="right">{formatCount(group.calls)}</TableCell>
                      <TableCell align="right">{formatCount(group.errors)}</TableCell>
                      <TableCell align="right">{formatCount(group.tokens.input)}</TableCell>
                      <TableCell align="right">{formatCount(group.tokens.output)}</TableCell>
                      <TableCell align="right">{formatCost(group.cost)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {result.summary.groups.length > SHOWN_GROUPS && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                The {SHOWN_GROUPS} largest of {result.summary.groups.length}
                {result.summary.truncated ? '+' : ''} groups.
              </Typography>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
};
