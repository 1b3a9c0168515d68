import { useRecordContext } from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import { CAPABILITY_LABELS, isCapability, type Model } from './types';

/** The model's capabilities as small chips. */
export const CapabilitiesField = (_props: { source?: 'capabilities'; label?: string }) => {
  const record = useRecordContext<Pick<Model, 'capabilities'>>();
  const capabilities = (record?.capabilities ?? []).filter(isCapability);
  if (capabilities.length === 0) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        —
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {capabilities.map((capability) => (
        <Chip key={capability} size="small" variant="outlined" label={CAPABILITY_LABELS[capability]} />
      ))}
    </Stack>
  );
};

/** "$2.50" in the model's currency; an unknown currency code is written after the number. */
export const formatPrice = (value: number, currency: string): string => {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 6,
    }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
};

type PriceSource = 'inputPrice' | 'outputPrice' | 'cachedInputPrice';

/** A price per million tokens, or a dash when none is set. */
export const PriceField = ({
  source,
  suffix = '',
}: {
  source: PriceSource;
  label?: string;
  suffix?: string;
}) => {
  const record = useRecordContext<Model>();
  const value = record?.[source];
  if (record === undefined || value === null || value === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        —
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2">
      {formatPrice(value, record.currency)}
      {suffix}
    </Typography>
  );
};

/** "128,000 tokens", or a dash. */
export const ContextWindowField = (_props: { source?: 'contextWindow'; label?: string }) => {
  const record = useRecordContext<Pick<Model, 'contextWindow'>>();
  const value = record?.contextWindow;
  return (
    <Typography
      component="span"
      variant="body2"
      color={typeof value === 'number' ? undefined : 'text.secondary'}
    >
      {typeof value === 'number' ? `${value.toLocaleString()} tokens` : '—'}
    </Typography>
  );
};
