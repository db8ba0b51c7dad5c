package org.cellbook.core.model.classifiers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees with XGBoost4J (native library loaded from the Maven jar), parameters
 * named as in the Python {@code XGBClassifier}: {@code n_estimators} (100), {@code max_depth} (6),
 * {@code learning_rate} (0.3), {@code subsample} (1.0), {@code colsample_bytree} (1.0),
 * {@code min_child_weight} (1.0), {@code reg_lambda} (1.0). Always {@code tree_method=hist},
 * {@code objective=binary:logistic}, {@code nthread=1} and the fit seed, which makes a fit
 * deterministic. Features go to XGBoost as float32, as they do from Python.
 */
public final class XGBoostTrees implements Classifier {
    @Override
    public String family() {
        return "xgboost";
    }

    @Override
    public Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("n_estimators", 100);
        d.put("max_depth", 6);
        d.put("learning_rate", 0.3);
        d.put("subsample", 1.0);
        d.put("colsample_bytree", 1.0);
        d.put("min_child_weight", 1.0);
        d.put("reg_lambda", 1.0);
        return d;
    }

    @Override
    public FittedClassifier fit(TrainingData data, Map<String, Object> params, long seed) {
        try (DataFitter f = fitter(data)) {
            return f.fit(params, seed);
        }
    }

    /**
     * Builds the training DMatrix once: XGBoost caches the hist quantile cuts and binned index
     * in it, so candidates after the first skip that work. Results are those of fresh matrices.
     */
    @Override
    public DataFitter fitter(TrainingData data) {
        DMatrix train;
        try {
            train = matrix(data.x());
            float[] labels = new float[data.y().length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.y()[i];
            }
            train.setLabel(labels);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not take the training data: " + e.getMessage(), e);
        }
        return new DataFitter() {
            @Override
            public FittedClassifier fit(Map<String, Object> params, long seed) {
                return train(train, params, seed);
            }

            @Override
            public void close() {
                train.dispose();
            }
        };
    }

    private FittedClassifier train(DMatrix train, Map<String, Object> params, long seed) {
        Params p = new Params(family(), defaults(), params);
        Map<String, Object> xp = new HashMap<>();
        xp.put("objective", "binary:logistic");
        xp.put("tree_method", "hist");
        xp.put("nthread", 1);
        xp.put("seed", seed & 0x7fffffffL); // XGBoost reads the seed as a non-negative int
        xp.put("max_depth", p.integer("max_depth"));
        xp.put("eta", p.positive("learning_rate"));
        xp.put("subsample", p.positive("subsample"));
        xp.put("colsample_bytree", p.positive("colsample_bytree"));
        xp.put("min_child_weight", p.dbl("min_child_weight"));
        xp.put("lambda", p.dbl("reg_lambda"));
        xp.put("verbosity", 0);
        int rounds = p.integer("n_estimators");
        try {
            Booster booster = XGBoost.train(train, xp, rounds, new HashMap<>(), null, null);
            return new FittedClassifier() {
                @Override
                public double[] predictProba(double[][] x) {
                    try {
                        DMatrix m = matrix(x);
                        float[][] pr = booster.predict(m);
                        m.dispose();
                        double[] out = new double[x.length];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = pr[i][0];
                        }
                        return out;
                    } catch (XGBoostError e) {
                        throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
                    }
                }

                @Override
                public void close() {
                    booster.dispose();
                }
            };
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    private static DMatrix matrix(double[][] x) throws XGBoostError {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        float[] d = new float[n * p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                d[i * p + j] = (float) x[i][j];
            }
        }
        return new DMatrix(d, n, p, Float.NaN);
    }
}
