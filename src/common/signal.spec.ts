import { Signal } from './signal.js';

describe('Signal', () => {
  it('tells every listener, in order, until it unsubscribes', () => {
    const signal = new Signal<number>('test signal');
    const heard: string[] = [];
    const stopFirst = signal.subscribe((value) => heard.push(`first ${value}`));
    signal.subscribe((value) => heard.push(`second ${value}`));
    signal.emit(1);
    stopFirst();
    signal.emit(2);
    expect(heard).toEqual(['first 1', 'second 1', 'second 2']);
  });

  it('keeps telling the others when one listener throws', () => {
    const signal = new Signal<string>('test signal');
    const heard: string[] = [];
    signal.subscribe(() => {
      throw new Error('broken listener');
    });
    signal.subscribe((value) => heard.push(value));
    expect(() => signal.emit('pass')).not.toThrow();
    expect(heard).toEqual(['pass']);
  });
});
