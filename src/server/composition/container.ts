import 'reflect-metadata';
import { container, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import type { Token } from './tokens.js';

/** The container type, for code outside the composition root that passes one along. */
export type Container = DependencyContainer;

/** tsyringe's global container: the default parent of every composition. */
export const rootContainer: Container = container;

type Key<T> = Token<T> | (new (...args: never[]) => T);

/** Resolves a token or a use-case class from `c`, typed. */
export const resolve = <T>(c: Container, key: Key<T>): T => c.resolve(key as symbol) as T;

/** Registers a singleton made on first resolution, from whichever (child) container resolves it. */
export function singleton<T>(c: Container, key: Key<T>, make: (r: Container) => T): void {
  c.register(key as symbol, { useFactory: instanceCachingFactory(make) });
}
