const SAMPLES = 32;

/**
 * Recent durations of password verifications, per hash settings (`m=…,t=…,p=…`). Its floor is what a
 * verification with the dearest settings seen takes (the 75th percentile of its recent samples): the
 * time {@link TimingFloorPacer} stretches every failed login to.
 */
export class VerifyCosts {
  private readonly samples = new Map<string, number[]>();

  record(settings: string, ms: number): void {
    const list = this.samples.get(settings) ?? [];
    list.push(ms);
    if (list.length > SAMPLES) list.shift();
    this.samples.set(settings, list);
  }

  /** Milliseconds; 0 before the first verification. */
  floorMs(): number {
    let floor = 0;
    for (const list of this.samples.values()) {
      const sorted = [...list].sort((a, b) => a - b);
      floor = Math.max(floor, sorted[Math.floor((sorted.length - 1) * 0.75)] ?? 0);
    }
    return floor;
  }
}
