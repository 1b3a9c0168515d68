import type { ReactNode } from 'react';
import { Button, useListContext } from 'react-admin';
import { Box, Typography } from '@mui/material';
import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';

/**
 * A filtered list with no rows: says so in words, offers to clear the filters and, when given,
 * the next step (usually a create button that keeps the tenant filter).
 */
export const NoMatches = ({ children, action }: { children: ReactNode; action?: ReactNode }) => {
  const list = useListContext();
  const filtered = Object.keys(list.filterValues as object).length > 0;
  return (
    <Box sx={{ p: 2, display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }} role="status">
      <Typography variant="body2">{children}</Typography>
      {filtered && (
        <Button
          label="Clear filters"
          onClick={() => {
            list.setFilters({}, []);
          }}
        >
          <FilterAltOffIcon />
        </Button>
      )}
      {action}
    </Box>
  );
};
