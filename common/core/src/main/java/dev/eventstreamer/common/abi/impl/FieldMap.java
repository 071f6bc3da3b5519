package dev.eventstreamer.common.abi.impl;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An insertion-ordered, mutable map of a decoded log's fields, backed by two arrays: a log has a
 * dozen or so fields, where a linear scan beats hashing and a LinkedHashMap's node per entry.
 */
public final class FieldMap extends AbstractMap<String, Object> {

  private String[] keys;
  private Object[] values;
  private int size;
  private int modCount;

  public FieldMap(int capacity) {
    keys = new String[Math.max(capacity, 4)];
    values = new Object[keys.length];
  }

  /** Adds a key the caller knows is not in the map yet (the decoder's own distinct names). */
  void append(String key, Object value) {
    if (size == keys.length) {
      grow();
    }
    keys[size] = key;
    values[size] = value;
    size++;
    modCount++;
  }

  private void grow() {
    int n = keys.length * 2;
    keys = Arrays.copyOf(keys, n);
    values = Arrays.copyOf(values, n);
  }

  private int indexOf(Object key) {
    // Keys are usually the very constants the decoder put: identity first, equals after.
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    if (key != null) {
      for (int i = 0; i < size; i++) {
        if (key.equals(keys[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Object put(String key, Object value) {
    int i = indexOf(key);
    if (i >= 0) {
      Object old = values[i];
      values[i] = value;
      return old;
    }
    append(key, value);
    return null;
  }

  @Override
  public Object remove(Object key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    Object old = values[i];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    int tail = size - i - 1;
    System.arraycopy(keys, i + 1, keys, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    size--;
    keys[size] = null;
    values[size] = null;
    modCount++;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    modCount++;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    int expected = modCount;
    for (int i = 0; i < size; i++) {
      action.accept(keys[i], values[i]);
      if (modCount != expected) {
        throw new ConcurrentModificationException();
      }
    }
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new EntrySet();
  }

  private final class EntrySet extends AbstractSet<Map.Entry<String, Object>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public void clear() {
      FieldMap.this.clear();
    }

    @Override
    public Iterator<Map.Entry<String, Object>> iterator() {
      return new EntryIterator();
    }
  }

  private final class EntryIterator implements Iterator<Map.Entry<String, Object>> {
    private int next;
    private int last = -1;
    private int expected = modCount;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Map.Entry<String, Object> next() {
      if (modCount != expected) {
        throw new ConcurrentModificationException();
      }
      if (next >= size) {
        throw new NoSuchElementException();
      }
      last = next++;
      return new Entry(keys[last], values[last]);
    }

    @Override
    public void remove() {
      if (last < 0) {
        throw new IllegalStateException();
      }
      if (modCount != expected) {
        throw new ConcurrentModificationException();
      }
      removeAt(last);
      next = last;
      last = -1;
      expected = modCount;
    }
  }

  /** An entry as iteration saw it; setValue writes through while its key is in the map. */
  private final class Entry implements Map.Entry<String, Object> {
    private final String key;
    private Object value;

    Entry(String key, Object value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public Object setValue(Object v) {
      int i = indexOf(key);
      if (i < 0) {
        throw new IllegalStateException("entry was removed");
      }
      Object old = values[i];
      values[i] = v;
      value = v;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && Objects.equals(key, e.getKey())
          && Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(key) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
      return key + "=" + value;
    }
  }
}
