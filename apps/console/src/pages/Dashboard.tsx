import { useEffect, useState } from 'react';
import { CreateButton, ListButton, Title, useGetList } from 'react-admin';
import {
  Box,
  Card,
  CardActions,
  CardContent,
  CardHeader,
  Chip,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import { useConsolePermissions } from '../auth/use-console-permissions';
import { ConfigChangesCard } from './config-changes/ConfigChangesCard';

const READINESS_REFRESH_MS = 15_000;

type Readiness =
  | { state: 'checking' }
  | { state: 'ready' | 'not-ready'; status: number; details: [string, string][] }
  | { state: 'unreachable' };

const describe = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'string') {
    return value.status;
  }
  return JSON.stringify(value);
};

// /readyz answers 200 when ready and 503 otherwise; its JSON body (if any) names the checks.
const readDetails = (json: unknown): [string, string][] => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return [];
  const source =
    'checks' in json && typeof json.checks === 'object' && json.checks !== null ? json.checks : json;
  return Object.entries(source).map(([name, value]) => [name, describe(value)]);
};

const useReadiness = (): Readiness => {
  const [readiness, setReadiness] = useState<Readiness>({ state: 'checking' });
  useEffect(() => {
    const controller = new AbortController();
    const check = async () => {
      try {
        const response = await fetch('/readyz', {
          signal: controller.signal,
          headers: { Accept: 'application/json' },
        });
        const json: unknown = await response.json().catch(() => undefined);
        setReadiness({
          state: response.ok ? 'ready' : 'not-ready',
          status: response.status,
          details: readDetails(json),
        });
      } catch {
        if (!controller.signal.aborted) setReadiness({ state: 'unreachable' });
      }
    };
    void check();
    const timer = setInterval(() => void check(), READINESS_REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);
  return readiness;
};

const ReadinessChip = ({ readiness }: { readiness: Readiness }) => {
  switch (readiness.state) {
    case 'checking':
      return <Chip icon={<CircularProgress size={14} />} label="Checking…" variant="outlined" />;
    case 'ready':
      return <Chip color="success" label="Ready" />;
    case 'not-ready':
      return <Chip color="error" label={`Not ready (HTTP ${readiness.status})`} />;
    case 'unreachable':
      return <Chip color="error" label="Unreachable" />;
  }
};

const ReadinessCard = () => {
  const readiness = useReadiness();
  return (
    <Card component="section" aria-labelledby="readiness-title" sx={{ flex: '1 1 420px' }}>
      <CardHeader
        title="Control plane"
        slotProps={{ title: { id: 'readiness-title', component: 'h2', variant: 'h6' } }}
        action={<ReadinessChip readiness={readiness} />}
      />
      <CardContent>
        {readiness.state === 'unreachable' && (
          <Typography color="error">
            The console cannot reach the control plane&apos;s <code>/readyz</code>. Check that it is running.
          </Typography>
        )}
        {(readiness.state === 'ready' || readiness.state === 'not-ready') &&
          (readiness.details.length > 0 ? (
            <Table
              size="small"
              aria-label="Readiness checks"
              sx={{ '& tr:last-child > *': { borderBottom: 0 } }}
            >
              <TableBody>
                {readiness.details.map(([name, value]) => (
                  <TableRow key={name}>
                    <TableCell component="th" scope="row">
                      {name}
                    </TableCell>
                    <TableCell>{value}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <Typography color="text.secondary">
              {readiness.state === 'ready' ? 'All readiness checks pass.' : 'A readiness check is failing.'}
            </Typography>
          ))}
        {readiness.state === 'checking' && <Typography color="text.secondary">Asking /readyz…</Typography>}
      </CardContent>
    </Card>
  );
};

const TenantsCard = () => {
  const { total, isPending, error } = useGetList('tenants', {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'name', order: 'ASC' },
  });
  let summary: string;
  if (isPending) summary = 'Counting tenants…';
  else if (error) summary = 'Could not load tenants.';
  else if (!total) summary = 'No tenants yet. Create the first one to start onboarding a team.';
  else summary = total === 1 ? '1 tenant' : `${total} tenants`;
  return (
    <Card component="section" aria-labelledby="tenants-title" sx={{ flex: '1 1 320px' }}>
      <CardHeader
        title="Tenants"
        slotProps={{ title: { id: 'tenants-title', component: 'h2', variant: 'h6' } }}
        action={isPending ? <CircularProgress size={20} aria-label="Loading" /> : null}
      />
      <CardContent>
        <Typography>{summary}</Typography>
      </CardContent>
      <CardActions>
        <ListButton resource="tenants" label="View tenants" />
        <CreateButton resource="tenants" label="Create tenant" />
      </CardActions>
    </Card>
  );
};

export const Dashboard = () => {
  const { can } = useConsolePermissions();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Dashboard" />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <ReadinessCard />
        <TenantsCard />
        {can('config-changes', 'list') && <ConfigChangesCard />}
      </Box>
    </Box>
  );
};
