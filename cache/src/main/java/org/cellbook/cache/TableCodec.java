package org.cellbook.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables: name, row count, then per column its name, type and values.
 *
 * <p>Supported column types: STRING, BOOLEAN, SHORT, INTEGER, LONG, FLOAT, DOUBLE, LOCAL_DATE,
 * LOCAL_TIME, LOCAL_DATE_TIME and INSTANT. (Tablesaw 0.44 has no TEXT type; it was folded into
 * STRING in 0.42.) Missing values survive: numeric, date and time columns are stored in
 * Tablesaw's internal form, whose missing-value sentinels (NaN, Integer.MIN_VALUE, ...) come back
 * as missing; strings are stored with a null for missing; booleans as Tablesaw's byte codes.
 */
final class TableCodec implements Codec<Table> {
    @Override
    public String tag() {
        return "tablesaw.table/1";
    }

    @Override
    public Class<?> type() {
        return Table.class;
    }

    @Override
    public void write(Table table, ValueOutput out) throws IOException {
        out.writeString(table.name());
        int rows = table.rowCount();
        out.writeInt(rows);
        out.writeInt(table.columnCount());
        for (Column<?> column : table.columns()) {
            ColumnType type = column.type();
            out.writeString(column.name());
            out.writeString(type.name());
            switch (column) {
                case StringColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeString(c.isMissing(i) ? null : c.getString(i));
                    }
                }
                case BooleanColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeByte(c.getByte(i));
                    }
                }
                case ShortColumn c -> out.writeShorts(c.asShortArray(), 0, rows);
                case IntColumn c -> out.writeInts(c.asIntArray(), 0, rows);
                case LongColumn c -> out.writeLongs(c.asLongArray(), 0, rows);
                case FloatColumn c -> out.writeFloats(c.asFloatArray(), 0, rows);
                case DoubleColumn c -> out.writeDoubles(c.asDoubleArray(), 0, rows);
                case DateColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeInt(c.getIntInternal(i));
                    }
                }
                case TimeColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeInt(c.getIntInternal(i));
                    }
                }
                case DateTimeColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeLong(c.getLongInternal(i));
                    }
                }
                case InstantColumn c -> {
                    for (int i = 0; i < rows; i++) {
                        out.writeLong(c.getLongInternal(i));
                    }
                }
                default -> throw new IllegalArgumentException("Tablesaw column '" + column.name() + "' of table '"
                        + table.name() + "' has type " + type.name() + " (" + column.getClass().getName()
                        + "), which the cache cannot store; convert it to a STRING, BOOLEAN, numeric, date or time"
                        + " column");
            }
        }
    }

    @Override
    public Table read(ValueInput in) throws IOException {
        String name = in.readString();
        int rows = ValueInput.checkLength(in.readInt());
        int n = ValueInput.checkLength(in.readInt());
        List<Column<?>> columns = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String columnName = in.readString();
            String type = in.readString();
            columns.add(switch (type == null ? "" : type) {
                case "STRING" -> {
                    StringColumn c = StringColumn.create(columnName);
                    for (int i = 0; i < rows; i++) {
                        String s = in.readString();
                        if (s == null) {
                            c.appendMissing();
                        } else {
                            c.append(s);
                        }
                    }
                    yield c;
                }
                case "BOOLEAN" -> {
                    BooleanColumn c = BooleanColumn.create(columnName);
                    for (int i = 0; i < rows; i++) {
                        c.append(in.readByte());
                    }
                    yield c;
                }
                case "SHORT" -> {
                    short[] a = new short[rows];
                    in.readShorts(a, 0, rows);
                    yield ShortColumn.create(columnName, a);
                }
                case "INTEGER" -> {
                    int[] a = new int[rows];
                    in.readInts(a, 0, rows);
                    yield IntColumn.create(columnName, a);
                }
                case "LONG" -> {
                    long[] a = new long[rows];
                    in.readLongs(a, 0, rows);
                    yield LongColumn.create(columnName, a);
                }
                case "FLOAT" -> {
                    float[] a = new float[rows];
                    in.readFloats(a, 0, rows);
                    yield FloatColumn.create(columnName, a);
                }
                case "DOUBLE" -> {
                    double[] a = new double[rows];
                    in.readDoubles(a, 0, rows);
                    yield DoubleColumn.create(columnName, a);
                }
                case "LOCAL_DATE" -> DateColumn.createInternal(columnName, readInts(in, rows));
                case "LOCAL_TIME" -> TimeColumn.createInternal(columnName, readInts(in, rows));
                case "LOCAL_DATE_TIME" -> DateTimeColumn.createInternal(columnName, readLongs(in, rows));
                case "INSTANT" -> InstantColumn.createInternal(columnName, readLongs(in, rows));
                default -> throw new IOException("stored table column '" + columnName + "' has unknown type " + type);
            });
        }
        return Table.create(name, columns);
    }

    private static int[] readInts(ValueInput in, int rows) throws IOException {
        int[] a = new int[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    private static long[] readLongs(ValueInput in, int rows) throws IOException {
        long[] a = new long[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = in.readLong();
        }
        return a;
    }
}
