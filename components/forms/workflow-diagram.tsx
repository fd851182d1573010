// A form's workflow as a picture, rendered on the server as inline SVG (no script, no library): states
// as boxes in layers (breadth-first from the initial state, top to bottom, so it reads the same in
// LTR and RTL), actions as labelled arrows (automatic ones dashed), final states double-bordered, the
// initial state marked with an arrow from above. Colours are the town's theme tokens. It is an image
// (role="img" with a summary); the lists beside it are the accessible equivalent. Wide workflows scroll
// in their own container on small screens.
import { stateLayers } from "@/lib/workflow/engine";
import type { TWorkflow } from "@/lib/workflow/definition";

const BOX_W = 168;
const BOX_H = 46;
const GAP_X = 56;
const GAP_Y = 96;
const PAD = 24;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function WorkflowDiagram({ workflow, label, stateLabel, actionLabel, ariaLabel }: { workflow: TWorkflow; label?: string; stateLabel: (id: string) => string; actionLabel: (id: string) => string; ariaLabel: string }) {
  const { layers, unreachable } = stateLayers(workflow);
  const rows = unreachable.length > 0 ? [...layers, unreachable] : layers;
  const perRow = Math.max(1, ...rows.map((r) => r.length));
  const width = PAD * 2 + perRow * BOX_W + (perRow - 1) * GAP_X;
  const height = PAD * 2 + 28 + rows.length * BOX_H + (rows.length - 1) * GAP_Y;
  const pos = new Map<string, { x: number; y: number; row: number }>();
  rows.forEach((row, r) => {
    const rowWidth = row.length * BOX_W + (row.length - 1) * GAP_X;
    const start = (width - rowWidth) / 2;
    row.forEach((id, i) => pos.set(id, { x: start + i * (BOX_W + GAP_X), y: PAD + 28 + r * (BOX_H + GAP_Y), row: r }));
  });
  const finals = new Set(workflow.states.filter((s) => s.final).map((s) => s.id));

  // One arrow per (from, to) pair, its label the actions' names joined.
  const edges = new Map<string, { from: string; to: string; ids: string[]; automatic: boolean }>();
  for (const a of workflow.actions) {
    for (const f of a.from) {
      if (!pos.has(f) || !pos.has(a.to)) continue;
      const key = `${f}→${a.to}`;
      const edge = edges.get(key) ?? { from: f, to: a.to, ids: [], automatic: true };
      edge.ids.push(a.id);
      edge.automatic &&= a.autoAfterDays !== undefined;
      edges.set(key, edge);
    }
  }

  const paths = [...edges.values()].map((e, n) => {
    const s = pos.get(e.from)!;
    const t = pos.get(e.to)!;
    let d: string;
    let lx: number;
    let ly: number;
    if (e.from === e.to) {
      // A loop on the box's side.
      const x = s.x + BOX_W;
      const y = s.y + BOX_H / 2;
      d = `M ${x} ${y - 10} C ${x + 40} ${y - 40}, ${x + 40} ${y + 40}, ${x} ${y + 10}`;
      lx = x + 30;
      ly = y - 30;
    } else if (t.row > s.row) {
      const x1 = s.x + BOX_W / 2 + (t.x - s.x) * 0.08;
      const y1 = s.y + BOX_H;
      const x2 = t.x + BOX_W / 2 - (t.x - s.x) * 0.08;
      const y2 = t.y;
      const my = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = my + ((n % 2) * 14 - 7);
    } else {
      // Backwards or sideways: a curve beside the boxes.
      const x1 = s.x + (t.x >= s.x ? BOX_W * 0.8 : BOX_W * 0.2);
      const y1 = s.row === t.row ? s.y + BOX_H : s.y;
      const x2 = t.x + (t.x >= s.x ? BOX_W * 0.2 : BOX_W * 0.8);
      const y2 = s.row === t.row ? t.y + BOX_H : t.y + BOX_H;
      const bend = s.row === t.row ? y1 + 44 : (y1 + y2) / 2;
      const bx = s.row === t.row ? (x1 + x2) / 2 : Math.max(x1, x2) + 70;
      d = `M ${x1} ${y1} Q ${bx} ${bend} ${x2} ${y2}`;
      lx = s.row === t.row ? bx : bx - 10;
      ly = s.row === t.row ? bend - 4 : bend;
    }
    const text = clip(e.ids.map(actionLabel).join(" · "), 30);
    return { key: `${e.from}→${e.to}`, d, lx, ly, text, automatic: e.automatic };
  });

  const initial = pos.get(workflow.initial);
  return (
    <div className="overflow-x-auto rounded-town border border-line bg-white p-2" tabIndex={0} role="region" aria-label={label ?? ariaLabel}>
      <svg role="img" aria-label={ariaLabel} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="max-w-none text-ink" xmlns="http://www.w3.org/2000/svg">
        <defs>
          <marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-ink" />
          </marker>
        </defs>
        {initial ? <path d={`M ${initial.x + BOX_W / 2} ${initial.y - 30} L ${initial.x + BOX_W / 2} ${initial.y - 2}`} className="stroke-primary" strokeWidth={3} markerEnd="url(#wf-arrow)" /> : null}
        {paths.map((p) => (
          <path key={p.key} d={p.d} fill="none" className="stroke-ink" strokeWidth={1.6} strokeDasharray={p.automatic ? "6 5" : undefined} markerEnd="url(#wf-arrow)" />
        ))}
        {paths.map((p) => (
          <g key={`l-${p.key}`}>
            <rect x={p.lx - p.text.length * 3.4 - 4} y={p.ly - 11} width={p.text.length * 6.8 + 8} height={16} rx={3} className="fill-white" opacity={0.92} />
            <text x={p.lx} y={p.ly} textAnchor="middle" fontSize={12} className={p.automatic ? "fill-muted italic" : "fill-ink"}>
              {p.text}
            </text>
          </g>
        ))}
        {[...pos.entries()].map(([id, { x, y }]) => (
          <g key={id}>
            <rect x={x} y={y} width={BOX_W} height={BOX_H} rx={6} className={`${id === workflow.initial ? "fill-secondary" : "fill-surface"} stroke-primary`} strokeWidth={2} strokeDasharray={unreachable.includes(id) ? "4 4" : undefined} />
            {finals.has(id) ? <rect x={x + 4} y={y + 4} width={BOX_W - 8} height={BOX_H - 8} rx={4} fill="none" className="stroke-primary" strokeWidth={1.5} /> : null}
            <text x={x + BOX_W / 2} y={y + BOX_H / 2 + 5} textAnchor="middle" fontSize={14} fontWeight="bold" className={id === workflow.initial ? "fill-on-secondary" : "fill-ink"}>
              {clip(stateLabel(id), 20)}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
