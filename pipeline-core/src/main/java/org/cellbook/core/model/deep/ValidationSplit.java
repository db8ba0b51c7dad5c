package org.cellbook.core.model.deep;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cellbook.core.model.split.Groups;

/**
 * The early-stopping split inside a deep model's training rows: whole patients are held out, so
 * the validation loss measures what the outer cross-validation measures (generalisation to
 * unseen patients), not memorised patient-specific signal.
 *
 * <p>Patients are taken in an order shuffled by the seed until the held-out rows reach
 * {@code fraction} of all rows; at least one patient is held out and at least one kept. With a
 * single patient a group split is impossible, so rows are held out instead (stratified by label:
 * the same fraction of each class, rounded up). The split depends only on the groups, labels,
 * fraction and seed.
 *
 * @param train row positions to fit on, ascending
 * @param validation row positions for the validation loss, ascending (empty when fraction is 0)
 */
public record ValidationSplit(int[] train, int[] validation) {
    public static ValidationSplit of(Groups groups, int[] y, double fraction, long seed) {
        int n = y.length;
        boolean[] held = new boolean[n];
        SplittableRandom rng = new SplittableRandom(seed);
        if (fraction <= 0 || n < 2) {
            return build(held);
        }
        if (groups.nGroups() >= 2) {
            int[] order = permutation(groups.nGroups(), rng);
            int[] sizes = new int[groups.nGroups()];
            for (int c : groups.codes()) {
                sizes[c]++;
            }
            boolean[] heldGroup = new boolean[groups.nGroups()];
            long heldRows = 0;
            for (int k = 0; k < order.length - 1 && heldRows < fraction * n; k++) {
                heldGroup[order[k]] = true;
                heldRows += sizes[order[k]];
            }
            for (int i = 0; i < n; i++) {
                held[i] = heldGroup[groups.codes()[i]];
            }
            return build(held);
        }
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (y[i] == cls) {
                    rows.add(i);
                }
            }
            int[] order = permutation(rows.size(), rng);
            int take = Math.min(rows.size() - 1, (int) Math.ceil(fraction * rows.size()));
            for (int k = 0; k < take; k++) {
                held[rows.get(order[k])] = true;
            }
        }
        return build(held);
    }

    public boolean hasValidation() {
        return validation.length > 0;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static ValidationSplit build(boolean[] held) {
        int nHeld = 0;
        for (boolean b : held) {
            nHeld += b ? 1 : 0;
        }
        int[] tr = new int[held.length - nHeld];
        int[] va = new int[nHeld];
        int a = 0;
        int b = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                va[b++] = i;
            } else {
                tr[a++] = i;
            }
        }
        return new ValidationSplit(tr, va);
    }
}
