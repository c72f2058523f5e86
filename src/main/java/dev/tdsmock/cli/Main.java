package dev.tdsmock.cli; public class Main { public static void main(String[] a) {} }
