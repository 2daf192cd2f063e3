/** The handoff waiting line's behaviour, run against every backend: longest-waiting first, one taker only, kept places. */
import type { WaitQueue } from '../../src/storage/wait-queue';

export function waitQueueContract(name: string, make: () => WaitQueue): void {
  describe(`${name} wait queue`, () => {
    test('lists the longest-waiting first and tells each their place', async () => {
      const q = make();
      await q.add('late', 300);
      await q.add('early', 100);
      await q.add('middle', 200);
      expect((await q.list()).map((e) => e.id)).toEqual(['early', 'middle', 'late']);
      expect(await q.list()).toContainEqual({ id: 'middle', since: 200 });
      expect(await q.position('late')).toBe(3);
      expect(await q.position('nobody')).toBeUndefined();
    });

    test('joining again keeps the original place', async () => {
      const q = make();
      await q.add('a', 100);
      await q.add('b', 200);
      await q.add('a', 900);
      expect(await q.position('a')).toBe(1);
    });

    test('only one of two takers gets the entry', async () => {
      const q = make();
      await q.add('a', 100);
      const taken = await Promise.all([q.remove('a'), q.remove('a')]);
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect(await q.list()).toEqual([]);
    });

    test('separate lines do not see each other', async () => {
      const one = make();
      const two = make();
      await one.add('a', 1);
      expect(await two.list()).toEqual([]);
    });
  });
}
