package org.cellbook.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Germline-like V and J segments for synthetic T-cell receptors, and CDR3 assembly.
 *
 * <p>Gene names are human TRAV/TRAJ/TRBV/TRBJ names. Each V carries the start of the CDR3 it
 * contributes (e.g. {@code CASS} for most TRBV, {@code CAV} for many TRAV) and each J the
 * CDR3 end its germline encodes (e.g. {@code SYEQYF} for TRBJ2-7), modelled on the human
 * germline; framework and CDR1/CDR2 sequences are random per V gene (fixed for the cohort,
 * with the conserved cysteine, tryptophan and the {@code ..YF}/{@code ..YL} framework-3 end).
 * Nucleotide sequences use one fixed codon per germline position and random codons in the
 * non-templated (N) region, so {@code cdr3_nt} always translates to {@code cdr3}.
 *
 * <p>A CDR3 is V start + N region + J end (0-2 J residues trimmed), with a total length drawn
 * around 14 (TRB) or 13 (TRA) amino acids and kept within 10-20; N-region residues follow a
 * junction-like composition (glycine- and serine-rich).
 */
final class TcrSegments {
    /** A region's amino acids and nucleotides. */
    record Region(String aa, String nt) {
    }

    record VGene(String name, String locus, Region fwr1, Region cdr1, Region fwr2, Region cdr2, Region fwr3,
                 Region cdr3Start) {
    }

    record JGene(String name, String locus, Region cdr3End, Region fwr4, String cGene) {
    }

    /** One rearranged chain. */
    record Chain(String locus, VGene v, JGene j, String dGene, String cdr3, String cdr3Nt) {
    }

    private static final Map<Character, String[]> CODONS = codons();
    private static final String BACKGROUND = "ARNDCQEGHILKMFPSTWYV";
    private static final double[] BACKGROUND_FREQ = {.074, .042, .044, .059, .010, .037, .058, .074, .029, .038, .076,
            .072, .018, .040, .050, .081, .062, .013, .033, .068};
    private static final String JUNCTION = "GSLRATQDEPNYVKFHIWM";
    private static final double[] JUNCTION_FREQ = {.14, .11, .08, .07, .07, .06, .06, .06, .06, .05, .05, .05, .04,
            .03, .02, .02, .02, .01, .01};

    private static final String[][] TRBV = {{"TRBV20-1", "CSAR"}, {"TRBV7-9", "CASS"}, {"TRBV5-1", "CASS"},
            {"TRBV28", "CASS"}, {"TRBV6-5", "CASS"}, {"TRBV19", "CASS"}, {"TRBV12-3", "CASS"}, {"TRBV4-1", "CASS"},
            {"TRBV27", "CASS"}, {"TRBV29-1", "CSVE"}, {"TRBV2", "CASS"}, {"TRBV9", "CASS"}, {"TRBV18", "CASS"},
            {"TRBV15", "CATS"}, {"TRBV30", "CAWS"}, {"TRBV7-2", "CASS"}, {"TRBV3-1", "CASS"}, {"TRBV14", "CASS"},
            {"TRBV10-3", "CAIS"}, {"TRBV11-2", "CASS"}, {"TRBV24-1", "CATS"}, {"TRBV25-1", "CASS"},
            {"TRBV6-1", "CASS"}, {"TRBV13", "CASS"}};
    private static final String[][] TRAV = {{"TRAV1-2", "CAV"}, {"TRAV12-2", "CAV"}, {"TRAV21", "CAV"},
            {"TRAV8-6", "CAV"}, {"TRAV13-1", "CAA"}, {"TRAV17", "CAT"}, {"TRAV19", "CAL"}, {"TRAV29/DV5", "CAA"},
            {"TRAV38-2/DV8", "CAY"}, {"TRAV12-1", "CVV"}, {"TRAV26-1", "CIV"}, {"TRAV26-2", "CIL"},
            {"TRAV20", "CAV"}, {"TRAV3", "CAV"}, {"TRAV9-2", "CAL"}, {"TRAV14/DV4", "CAM"}, {"TRAV41", "CAV"},
            {"TRAV8-1", "CAV"}, {"TRAV24", "CAF"}, {"TRAV30", "CGT"}, {"TRAV35", "CAG"}, {"TRAV16", "CAL"},
            {"TRAV25", "CAG"}, {"TRAV5", "CAE"}};
    private static final String[][] TRBJ = {{"TRBJ1-1", "NTEAFF", "GQGTRLTVV"}, {"TRBJ1-2", "NYGYTF", "GSGTRLTVV"},
            {"TRBJ1-3", "SGNTIYF", "GEGSWLTVV"}, {"TRBJ1-4", "TNEKLFF", "GSGTQLSVL"},
            {"TRBJ1-5", "SNQPQHF", "GDGTRLSIL"}, {"TRBJ1-6", "SYNSPLHF", "GNGTRLTVT"},
            {"TRBJ2-1", "SYNEQFF", "GPGTRLTVL"}, {"TRBJ2-2", "NTGELFF", "GEGSRLTVL"},
            {"TRBJ2-3", "STDTQYF", "GPGTRLTVL"}, {"TRBJ2-4", "AKNIQYF", "GAGTRLSVL"},
            {"TRBJ2-5", "QETQYF", "GPGTRLLVL"}, {"TRBJ2-6", "SGANVLTF", "GAGSRLTVL"},
            {"TRBJ2-7", "SYEQYF", "GPGTRLTVT"}};
    private static final String[][] TRAJ = {{"TRAJ33", "DSNYQLIW", "GAGTKLIIKP"}, {"TRAJ20", "SNDYKLSF", "GAGTTVTVRA"},
            {"TRAJ42", "NYGGSQGNLIF", "GKGTKLSVKP"}, {"TRAJ49", "NTGNQFYF", "GTGTSLTVIP"},
            {"TRAJ39", "NNNAGNMLTF", "GGGTRLMVKP"}, {"TRAJ37", "GSGNTGKLIF", "GQGTTLQVKP"},
            {"TRAJ40", "TTSGTYKYIF", "GTGTRLKVLA"}, {"TRAJ9", "GNTGGFKTIF", "GAGTRLFVKA"},
            {"TRAJ30", "NRDDKIIF", "GKGTRLHILP"}, {"TRAJ53", "NSGGSNYKLTF", "GKGTLLTVNP"},
            {"TRAJ12", "MDSSYKLIF", "GSGTRLLVRP"}, {"TRAJ43", "NNNDMRF", "GAGTRLTVKP"},
            {"TRAJ31", "NNARLMF", "GDGTQLVVKP"}, {"TRAJ23", "YNQGGKLIF", "GQGTELSVKP"}};

    private final List<VGene> trav = new ArrayList<>();
    private final List<VGene> trbv = new ArrayList<>();
    private final List<JGene> traj = new ArrayList<>();
    private final List<JGene> trbj = new ArrayList<>();
    private final double[] travUsage;
    private final double[] trbvUsage;
    private final double[] trajUsage;
    private final double[] trbjUsage;

    TcrSegments(Rng rng) {
        for (String[] v : TRAV) {
            trav.add(vGene(v[0], "TRA", v[1], rng));
        }
        for (String[] v : TRBV) {
            trbv.add(vGene(v[0], "TRB", v[1], rng));
        }
        for (String[] j : TRAJ) {
            traj.add(new JGene(j[0], "TRA", germline(j[1], rng), germline(j[2], rng), "TRAC"));
        }
        for (String[] j : TRBJ) {
            trbj.add(new JGene(j[0], "TRB", germline(j[1], rng), germline(j[2], rng),
                    j[0].startsWith("TRBJ1") ? "TRBC1" : "TRBC2"));
        }
        // Skewed segment usage, as in real repertoires.
        travUsage = usage(trav.size(), rng);
        trbvUsage = usage(trbv.size(), rng);
        trajUsage = usage(traj.size(), rng);
        trbjUsage = usage(trbj.size(), rng);
    }

    private static double[] usage(int n, Rng rng) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.logNormal(1, 0.8);
        }
        return w;
    }

    private static VGene vGene(String name, String locus, String cdr3Start, Rng rng) {
        String fwr1 = random(rng, 22) + "C" + random(rng, 3);
        String cdr1 = random(rng, 5 + rng.nextInt(2));
        String fwr2 = random(rng, 2) + "W" + "Y" + random(rng, 13);
        String cdr2 = random(rng, 5 + rng.nextInt(3));
        String fwr3 = random(rng, 28 + rng.nextInt(4)) + "SA" + "VLTM".charAt(rng.nextInt(4)) + "Y" + "FL".charAt(rng.nextInt(2));
        return new VGene(name, locus, germline(fwr1, rng), germline(cdr1, rng), germline(fwr2, rng),
                germline(cdr2, rng), germline(fwr3, rng), germline(cdr3Start, rng));
    }

    private static String random(Rng rng, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(BACKGROUND.charAt(rng.pick(BACKGROUND_FREQ)));
        }
        return s.toString();
    }

    /** Amino acids with one randomly chosen (then fixed) codon each. */
    private static Region germline(String aa, Rng rng) {
        return new Region(aa, backTranslate(aa, rng));
    }

    static String backTranslate(String aa, Rng rng) {
        StringBuilder nt = new StringBuilder(aa.length() * 3);
        for (int i = 0; i < aa.length(); i++) {
            String[] options = CODONS.get(aa.charAt(i));
            nt.append(options[rng.nextInt(options.length)]);
        }
        return nt.toString();
    }

    /** Standard genetic code, translation of a whole number of codons ('*' for stops). */
    static String translate(String nt) {
        StringBuilder aa = new StringBuilder(nt.length() / 3);
        for (int i = 0; i + 3 <= nt.length(); i += 3) {
            aa.append(TRANSLATION.get(nt.substring(i, i + 3)));
        }
        return aa.toString();
    }

    private static final Map<String, Character> TRANSLATION = translationTable();

    private static Map<String, Character> translationTable() {
        Map<String, Character> t = new java.util.HashMap<>();
        CODONS.forEach((aa, codons) -> {
            for (String c : codons) {
                t.put(c, aa);
            }
        });
        return Map.copyOf(t);
    }

    private static Map<Character, String[]> codons() {
        Map<Character, String[]> m = new java.util.HashMap<>();
        m.put('A', new String[] {"GCT", "GCC", "GCA", "GCG"});
        m.put('R', new String[] {"CGT", "CGC", "CGA", "CGG", "AGA", "AGG"});
        m.put('N', new String[] {"AAT", "AAC"});
        m.put('D', new String[] {"GAT", "GAC"});
        m.put('C', new String[] {"TGT", "TGC"});
        m.put('Q', new String[] {"CAA", "CAG"});
        m.put('E', new String[] {"GAA", "GAG"});
        m.put('G', new String[] {"GGT", "GGC", "GGA", "GGG"});
        m.put('H', new String[] {"CAT", "CAC"});
        m.put('I', new String[] {"ATT", "ATC", "ATA"});
        m.put('L', new String[] {"TTA", "TTG", "CTT", "CTC", "CTA", "CTG"});
        m.put('K', new String[] {"AAA", "AAG"});
        m.put('M', new String[] {"ATG"});
        m.put('F', new String[] {"TTT", "TTC"});
        m.put('P', new String[] {"CCT", "CCC", "CCA", "CCG"});
        m.put('S', new String[] {"TCT", "TCC", "TCA", "TCG", "AGT", "AGC"});
        m.put('T', new String[] {"ACT", "ACC", "ACA", "ACG"});
        m.put('W', new String[] {"TGG"});
        m.put('Y', new String[] {"TAT", "TAC"});
        m.put('V', new String[] {"GTT", "GTC", "GTA", "GTG"});
        m.put('*', new String[] {"TAA", "TAG", "TGA"});
        return Map.copyOf(m);
    }

    /**
     * A new rearrangement of a locus; with {@code motif} non-null the N region carries it
     * (the response-associated CDR3 motif).
     */
    Chain rearrange(String locus, String motif, Rng rng) {
        boolean trb = locus.equals("TRB");
        VGene v = trb ? trbv.get(rng.pick(trbvUsage)) : trav.get(rng.pick(travUsage));
        JGene j = trb ? trbj.get(rng.pick(trbjUsage)) : traj.get(rng.pick(trajUsage));
        int target = (int) Math.round(trb ? 14 + 1.6 * rng.gaussian() : 13 + 1.8 * rng.gaussian());
        target = Math.max(trb ? 11 : 10, Math.min(trb ? 19 : 18, target));
        int trim = Math.min(rng.nextInt(3), j.cdr3End().aa().length() - 4);
        String jAa = j.cdr3End().aa().substring(trim);
        String jNt = j.cdr3End().nt().substring(3 * trim);
        int n = Math.max(target - v.cdr3Start().aa().length() - jAa.length(), motif == null ? 0 : motif.length());
        StringBuilder middle = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            middle.append(JUNCTION.charAt(rng.pick(JUNCTION_FREQ)));
        }
        if (motif != null) {
            int at = rng.nextInt(n - motif.length() + 1);
            middle.replace(at, at + motif.length(), motif);
        }
        String cdr3 = v.cdr3Start().aa() + middle + jAa;
        String cdr3Nt = v.cdr3Start().nt() + backTranslate(middle.toString(), rng) + jNt;
        String d = "";
        if (trb && rng.chance(0.65)) {
            d = j.name().startsWith("TRBJ2") && rng.chance(0.5) ? "TRBD2" : "TRBD1";
        }
        return new Chain(locus, v, j, d, cdr3, cdr3Nt);
    }

    /** The same chain with a stop codon in its CDR3: a non-productive transcript. */
    static Chain withStop(Chain c, Rng rng) {
        int codon = 3 + rng.nextInt(c.cdr3().length() - 5);
        String nt = c.cdr3Nt().substring(0, 3 * codon) + "TAG" + c.cdr3Nt().substring(3 * codon + 3);
        return new Chain(c.locus(), c.v(), c.j(), c.dGene(), translate(nt), nt);
    }
}
