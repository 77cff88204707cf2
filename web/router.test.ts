import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.ts';

describe('matchRoute', () => {
  it('knows the pages the server answers for', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/join')).toEqual({ page: 'join' });
    expect(matchRoute('/join/')).toEqual({ page: 'join' });
    expect(matchRoute('/join/123456789')).toEqual({ page: 'remote', number: '123456789' });
    expect(matchRoute('/join/123456789/')).toEqual({ page: 'remote', number: '123456789' });
    expect(matchRoute('/support')).toEqual({ page: 'support' });
    expect(matchRoute('/support/')).toEqual({ page: 'support' });
    expect(matchRoute('/support/123456789')).toEqual({ page: 'support', number: '123456789' });
    expect(matchRoute('/support/123%20456%20789')).toEqual({ page: 'support', number: '123 456 789' });
    expect(matchRoute('/admin')).toEqual({ page: 'admin', tab: '' });
    expect(matchRoute('/admin/')).toEqual({ page: 'admin', tab: '' });
    expect(matchRoute('/admin/audit')).toEqual({ page: 'admin', tab: 'audit' });
  });

  it('hands the remote page whatever number the path holds, decoded', () => {
    expect(matchRoute('/join/123%20456%20789')).toEqual({ page: 'remote', number: '123 456 789' });
    expect(matchRoute('/join/%E0%A4%A')).toEqual({ page: 'remote', number: '%E0%A4%A' });
  });

  it('says not found for anything else', () => {
    expect(matchRoute('/admin/x/y')).toEqual({ page: 'not_found' });
    expect(matchRoute('/administrator')).toEqual({ page: 'not_found' });
    expect(matchRoute('/join/1/2')).toEqual({ page: 'not_found' });
    expect(matchRoute('/supportx')).toEqual({ page: 'not_found' });
    expect(matchRoute('/support/1/2')).toEqual({ page: 'not_found' });
  });
});
