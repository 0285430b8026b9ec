import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { call } from '../../api/call.js';
import { memberApi } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/index.js';

type Option = { value: number; label: string };

/**
 * The project team (项目团队) picked by searching the members of the owning org's subtree: the
 * server answers only within what the user may read, and refuses a member from outside the
 * owning org on save. `initial` names the members already on the team.
 */
export function TeamPicker({
  orgId,
  initial,
  value,
  onChange,
}: {
  orgId: number;
  initial: readonly { memberId: number; name: string }[];
  value?: number[];
  onChange?: (ids: number[]) => void;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Option[]>([]);
  const [known, setKnown] = useState<Option[]>(() =>
    initial.map((m) => ({ value: m.memberId, label: m.name })),
  );
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    // Typing pauses before a search: one request per pause, not per key.
    const timer = setTimeout(() => {
      setLoading(true);
      call(memberApi.list, { query: { orgId, q: q || undefined, pageSize: 20 } }, { signal: ctrl.signal })
        .then((r) =>
          setFound(r.items.map((m) => ({ value: m.id, label: `${m.name} · ${m.branchName ?? ''}` }))),
        )
        .catch(() => setFound([]))
        .finally(() => setLoading(false));
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [orgId, q]);
  const options = [...known, ...found.filter((f) => !known.some((k) => k.value === f.value))];
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      loading={loading}
      aria-label={t('pj.team')}
      placeholder={t('pj.teamSearch')}
      value={value ?? []}
      onSearch={setQ}
      onChange={(ids: number[]) => {
        setKnown(options.filter((o) => ids.includes(o.value)));
        onChange?.(ids);
      }}
      options={options}
      notFoundContent={loading ? null : t('pj.teamNone')}
    />
  );
}
