import { describe, expect, it, vi } from 'vitest';
import { useRowSwipe, type SwipeDirection } from './useRowSwipe.ts';

// Just what the composable reads of a pointer event and its row (Node has no DOM).
const row = { offsetWidth: 300, setPointerCapture: vi.fn() };
const pointer = (type: string, x: number, y = 0) =>
  ({ type, pointerId: 1, isPrimary: true, button: 0, clientX: x, clientY: y, currentTarget: row }) as unknown as PointerEvent;

function gesture(points: [number, number][]) {
  const swipes: SwipeDirection[] = [];
  const swipe = useRowSwipe((d) => swipes.push(d));
  const [first, ...rest] = points;
  swipe.handlers.pointerdown(pointer('pointerdown', ...first));
  const offsets = rest.map((p) => { swipe.handlers.pointermove(pointer('pointermove', ...p)); return swipe.offset.value; });
  const last = rest[rest.length - 1] ?? first;
  swipe.handlers.pointerup(pointer('pointerup', ...last));
  const click = { preventDefault: vi.fn(), stopPropagation: vi.fn() } as unknown as MouseEvent;
  swipe.handlers.clickCapture(click);
  return { swipes, offsets, offsetAfter: swipe.offset.value, clickSwallowed: (click.preventDefault as ReturnType<typeof vi.fn>).mock.calls.length > 0 };
}

describe('useRowSwipe', () => {
  it('follows the finger and reports a swipe past a third of the row, in its direction', () => {
    expect(gesture([[250, 10], [200, 12], [140, 14]])).toEqual({ swipes: ['left'], offsets: [-50, -110], offsetAfter: 0, clickSwallowed: true });
    expect(gesture([[20, 10], [80, 10], [130, 10]]).swipes).toEqual(['right']);
  });

  it('snaps back from a short swipe without opening the row', () => {
    expect(gesture([[250, 10], [200, 10]])).toMatchObject({ swipes: [], offsetAfter: 0, clickSwallowed: true });
  });

  it('leaves a vertical move to scrolling and a tap to the link', () => {
    expect(gesture([[100, 10], [104, 60], [180, 200]])).toMatchObject({ swipes: [], offsets: [0, 0], clickSwallowed: false });
    expect(gesture([[100, 10], [103, 12]])).toMatchObject({ swipes: [], clickSwallowed: false });
  });

  it('does nothing when the gesture is cancelled (the browser took it over)', () => {
    const swipes: SwipeDirection[] = [];
    const swipe = useRowSwipe((d) => swipes.push(d));
    swipe.handlers.pointerdown(pointer('pointerdown', 250));
    swipe.handlers.pointermove(pointer('pointermove', 100));
    swipe.handlers.pointercancel(pointer('pointercancel', 100));
    expect(swipes).toEqual([]);
    expect(swipe.offset.value).toBe(0);
  });
});
