import { HEALTH_STATUSES_WORST_FIRST } from 'backstage-plugin-prometheus-fleet-common';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { healthStatusInText } from '../shared/health';
import { SelectFilters, StatusFilter } from './clusterRows';

export function FleetFilterBar(props: {
  filters: SelectFilters;
  onFiltersChange: (filters: SelectFilters) => void;
  search: string;
  onSearchChange: (search: string) => void;
  globals: string[];
  owners: string[];
}) {
  const { filters, onFiltersChange } = props;
  return (
    <Grid container spacing={2} alignItems="flex-end">
      <Grid item xs={12} md={4}>
        <TextField
          id="prometheus-fleet-search"
          label="Search"
          type="search"
          fullWidth
          value={props.search}
          onChange={event => props.onSearchChange(event.target.value)}
          placeholder="Name, cluster label, global or owner"
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={2}>
        <NativeSelect
          label="Status"
          value={filters.status}
          onChange={status =>
            onFiltersChange({ ...filters, status: status as StatusFilter })
          }
          options={[
            ...HEALTH_STATUSES_WORST_FIRST.map(status => ({
              value: status,
              label: healthStatusInText(status),
            })),
            { value: 'none', label: 'no health data' },
          ]}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={3}>
        <NativeSelect
          label="Global"
          value={filters.global}
          onChange={global => onFiltersChange({ ...filters, global })}
          options={props.globals.map(ref => ({
            value: ref,
            label: humanizeRef(ref),
          }))}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={3}>
        <NativeSelect
          label="Owner"
          value={filters.owner}
          onChange={owner => onFiltersChange({ ...filters, owner })}
          options={props.owners.map(ref => ({
            value: ref,
            label: humanizeRef(ref),
          }))}
        />
      </Grid>
    </Grid>
  );
}

function humanizeRef(ref: string): string {
  const entityRef = parseEntityRef(ref);
  return humanizeEntityRef(entityRef, { defaultKind: entityRef.kind });
}

/** Native selects stay light with thousands of owners. */
function NativeSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <TextField
      id={`prometheus-fleet-filter-${props.label.toLowerCase()}`}
      select
      fullWidth
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">All</option>
      {props.options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}
